package org.guildhall.rooms;

import jakarta.json.JsonObject;
import java.time.Instant;

/** A connection's presence in one room: its peer id there, the user its token names, what it told the others. */
public record Peer(
        String room, String peerId, String userId, JsonObject metadata, String connectionId, Instant joinedAt) {}
