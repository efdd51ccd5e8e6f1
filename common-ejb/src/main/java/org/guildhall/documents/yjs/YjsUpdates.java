package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.List;

/**
 * The update functions of yjs on encoded v1 updates, under the names the sync protocol needs. Unlike yjs, every
 * input is checked whole first, so a malformed update is refused instead of being merged or half-read.
 */
public final class YjsUpdates {

    private YjsUpdates() {}

    /** Checks an update the way {@link Update#decode} does, without keeping anything. */
    public static void validate(byte[] update) throws MalformedUpdateException {
        Update.decode(update);
    }

    /** {@code Y.encodeStateVectorFromUpdate}. */
    public static byte[] stateVector(byte[] update) throws MalformedUpdateException {
        return Update.decode(update).stateVector().encode();
    }

    /**
     * {@code Y.mergeUpdates}: one update with the content of all. A single update comes back as it is (once it has
     * been checked), as yjs returns it.
     */
    public static byte[] merge(List<byte[]> updates) throws MalformedUpdateException {
        List<Update> decoded = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            try {
                decoded.add(Update.decode(updates.get(i)));
            } catch (MalformedUpdateException e) {
                throw new MalformedUpdateException("update " + i + " of " + updates.size() + ": " + e.getMessage(), -1);
            }
        }
        if (updates.size() == 1) {
            return updates.get(0);
        }
        return UpdateMerger.merge(decoded).encode();
    }

    /** {@code Y.diffUpdate}: what a peer with this encoded state vector is missing from the update. */
    public static byte[] diff(byte[] update, byte[] stateVector) throws MalformedUpdateException {
        StateVector known = StateVector.decode(stateVector);
        return Update.decode(update).diff(known).encode();
    }
}
