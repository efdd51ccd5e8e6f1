package org.guildhall.rooms;

/**
 * Rooms and y-webrtc topics that belong to something with its own membership (a collaboration session), whose
 * owner decides who may enter and how many. The signaling rules ask it only about names it {@link #governs}, so
 * every other room stays as fast and as open as before.
 */
public interface RoomGate {

    /** A gate that governs nothing: every room is an ordinary one. */
    RoomGate NONE = new RoomGate() {
        @Override
        public boolean governs(String room) {
            return false;
        }

        @Override
        public int admit(String user, String room) {
            throw new IllegalStateException("no room is governed");
        }

        @Override
        public void invite(String inviter, String target, String room) {
            throw new IllegalStateException("no room is governed");
        }
    };

    /** Whether this gate decides about the room; answered from the name alone, without I/O. */
    boolean governs(String room);

    /** Lets {@code user} into a governed room or topic: the most peers it may hold, or a refusal. */
    int admit(String user, String room) throws SignalingException;

    /** Records {@code inviter}'s invite of {@code target} to a governed room, or refuses it. */
    void invite(String inviter, String target, String room) throws SignalingException;
}
