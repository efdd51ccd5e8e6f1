/**
 * Rooms for calls and peer-to-peer sync: who is in which room, the signals they exchange, y-webrtc topics, and the
 * limits that keep rooms safe. The signaling WAR's socket adapter delivers what these classes decide.
 */
package org.guildhall.rooms;
