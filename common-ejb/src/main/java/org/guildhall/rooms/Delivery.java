package org.guildhall.rooms;

import jakarta.json.JsonObject;

/** One message for one connection, decided by the rules and sent by the socket adapter. */
public record Delivery(String connectionId, JsonObject message) {}
