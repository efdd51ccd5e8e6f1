/** The {@code /sync/{document}} WebSocket boundary: the y-websocket protocol for shared Yjs documents. */
package org.guildhall.sync;
