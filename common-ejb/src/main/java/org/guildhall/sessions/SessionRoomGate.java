package org.guildhall.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.guildhall.rooms.RoomGate;
import org.guildhall.rooms.SignalingException;

/**
 * Signaling's view of sessions: a room or y-webrtc topic named {@code session-...} admits only whom its session
 * admits, holds at most the session's {@code maxParticipants}, and a host's {@code invite} to it grants access.
 */
@ApplicationScoped
public class SessionRoomGate implements RoomGate {

    @Inject
    SessionDirectory sessions;

    @Override
    public boolean governs(String room) {
        return SessionNames.isSessionName(room);
    }

    @Override
    public int admit(String user, String room) throws SignalingException {
        try {
            return sessions.admitToRoom(user, room).session().maxParticipants();
        } catch (SessionException e) {
            throw new SignalingException(e.code(), e.getMessage());
        }
    }

    @Override
    public void invite(String inviter, String target, String room) throws SignalingException {
        try {
            sessions.inviteToRoom(inviter, target, room);
        } catch (SessionException e) {
            throw new SignalingException(e.code(), e.getMessage());
        }
    }
}
