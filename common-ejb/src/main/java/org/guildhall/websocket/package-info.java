/**
 * WebSocket (RFC 6455) on the Servlet upgrade API with non-blocking I/O, for endpoints whose per-frame cost in the
 * container's Jakarta WebSocket implementation is too high: the handshake, the frame codec and one upgraded socket.
 */
package org.guildhall.websocket;
