/** The {@code /signaling} WebSocket boundary: rooms, peers and WebRTC signals. */
package org.guildhall.signaling;
