package org.guildhall.rooms;

import jakarta.json.JsonValue;
import java.util.Optional;

/** Keeps an invite for a user who has no signaling socket open, so it reaches them later instead of being lost. */
public interface OfflineInvites {

    /** Stores the invite; the stored notification's id, or empty when it could not be kept. */
    Optional<Long> keep(String from, String target, String room, JsonValue sessionInfo);
}
