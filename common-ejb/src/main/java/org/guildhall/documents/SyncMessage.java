package org.guildhall.documents;

import org.guildhall.documents.yjs.Lib0Reader;
import org.guildhall.documents.yjs.Lib0Writer;
import org.guildhall.documents.yjs.MalformedUpdateException;

/**
 * The y-websocket protocol's binary messages, one per frame: sync (step 1, step 2, update), awareness, query
 * awareness, and auth (the protocol's way to say "permission denied").
 */
public sealed interface SyncMessage {

    int MESSAGE_SYNC = 0;
    int MESSAGE_AWARENESS = 1;
    int MESSAGE_AUTH = 2;
    int MESSAGE_QUERY_AWARENESS = 3;
    int SYNC_STEP_1 = 0;
    int SYNC_STEP_2 = 1;
    int SYNC_UPDATE = 2;
    int AUTH_PERMISSION_DENIED = 0;

    /** A client's state vector: answer with what it lacks. */
    record Step1(byte[] stateVector) implements SyncMessage {}

    /** What the sender has that the receiver lacked (usually everything the client has). */
    record Step2(byte[] update) implements SyncMessage {}

    record Update(byte[] update) implements SyncMessage {}

    record Awareness(byte[] update) implements SyncMessage {}

    record QueryAwareness() implements SyncMessage {}

    /** Reads one frame; anything else, trailing bytes included, is malformed. */
    static SyncMessage parse(byte[] frame) throws MalformedUpdateException {
        Lib0Reader reader = new Lib0Reader(frame);
        long type = reader.readVarUint();
        SyncMessage message;
        if (type == MESSAGE_SYNC) {
            long step = reader.readVarUint();
            byte[] payload = reader.readVarBytes();
            if (step == SYNC_STEP_1) {
                message = new Step1(payload);
            } else if (step == SYNC_STEP_2) {
                message = new Step2(payload);
            } else if (step == SYNC_UPDATE) {
                message = new Update(payload);
            } else {
                throw new MalformedUpdateException("unknown sync message " + step, reader.position());
            }
        } else if (type == MESSAGE_AWARENESS) {
            message = new Awareness(reader.readVarBytes());
        } else if (type == MESSAGE_QUERY_AWARENESS) {
            message = new QueryAwareness();
        } else {
            throw new MalformedUpdateException("unknown message type " + type, 0);
        }
        if (reader.hasRemaining()) {
            throw new MalformedUpdateException("trailing bytes after the message", reader.position());
        }
        return message;
    }

    static byte[] step1(byte[] stateVector) {
        return sync(SYNC_STEP_1, stateVector);
    }

    static byte[] step2(byte[] update) {
        return sync(SYNC_STEP_2, update);
    }

    static byte[] update(byte[] update) {
        return sync(SYNC_UPDATE, update);
    }

    static byte[] awareness(byte[] awarenessUpdate) {
        Lib0Writer writer = new Lib0Writer(awarenessUpdate.length + 8);
        writer.writeVarUint(MESSAGE_AWARENESS);
        writer.writeVarBytes(awarenessUpdate);
        return writer.toByteArray();
    }

    static byte[] permissionDenied(String reason) {
        Lib0Writer writer = new Lib0Writer();
        writer.writeVarUint(MESSAGE_AUTH);
        writer.writeVarUint(AUTH_PERMISSION_DENIED);
        writer.writeVarString(reason);
        return writer.toByteArray();
    }

    private static byte[] sync(int step, byte[] payload) {
        Lib0Writer writer = new Lib0Writer(payload.length + 8);
        writer.writeVarUint(MESSAGE_SYNC);
        writer.writeVarUint(step);
        writer.writeVarBytes(payload);
        return writer.toByteArray();
    }
}
