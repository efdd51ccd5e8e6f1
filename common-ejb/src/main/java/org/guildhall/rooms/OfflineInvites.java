package org.guildhall.rooms;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Optional;
import org.guildhall.sockets.JsonMessages;

/** Keeps an invite for a user who has no signaling socket open, so it reaches them later instead of being lost. */
public interface OfflineInvites {

    /** Stores the invite, or says why it was not kept. */
    Kept keep(String from, String target, String room, JsonValue sessionInfo);

    /**
     * What became of an invite kept for later: the stored notification's id, or {@code {"code", "error"}} saying why
     * it was not stored (e.g. {@code channel-disabled} when the community does not deliver invites).
     */
    record Kept(Optional<Long> notificationId, Optional<JsonObject> refusal) {

        public static Kept stored(long notificationId) {
            return new Kept(Optional.of(notificationId), Optional.empty());
        }

        public static Kept refused(String code, String error) {
            return new Kept(
                    Optional.empty(),
                    Optional.of(JsonMessages.PROVIDER
                            .createObjectBuilder()
                            .add("code", code)
                            .add("error", error)
                            .build()));
        }

        public boolean isStored() {
            return notificationId.isPresent();
        }
    }
}
