package org.guildhall.documents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.guildhall.documents.yjs.DeleteSet;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.documents.yjs.Skip;
import org.guildhall.documents.yjs.StateVector;
import org.guildhall.documents.yjs.Struct;
import org.guildhall.documents.yjs.Update;
import org.guildhall.documents.yjs.YjsUpdates;

/**
 * An open document's state, kept small: its updates merged into one encoded update (plus the few applied since
 * the last merge), its state vector and its delete set, never a decoded object graph. Enough to answer a client's
 * sync step 1 with exactly the diff it lacks, and to recognise an update that is already contained.
 */
public final class SyncedDocument {

    /**
     * Merge the applied updates into the snapshot once at least this many have piled up and together they weigh at
     * least half the snapshot. A merge re-encodes the whole document, so merging after a fixed count made a large
     * busy document cost more per keystroke the larger it grew (profiled: a 700 KB document re-merged every 64
     * updates, its garbage most of each GC pause); in proportion to the snapshot, merging costs the same per byte
     * received at any size, and the state held stays under one and a half snapshots.
     */
    static final int MERGE_AFTER = 64;

    private byte[] merged;
    private final List<byte[]> applied = new ArrayList<>();
    private long appliedBytes;
    private StateVector stateVector;
    private DeleteSet deleteSet;
    private long size;
    /** Bytes of updates accepted for the log and not yet applied or given up. */
    private long reserved;

    private SyncedDocument(byte[] merged, Update decoded) {
        this.merged = merged;
        this.stateVector = decoded.stateVector();
        this.deleteSet = decoded.deleteSet();
        this.size = merged.length;
    }

    /** The document as its stored updates make it. */
    public static SyncedDocument of(List<byte[]> stored) throws MalformedUpdateException {
        byte[] merged = stored.isEmpty() ? Update.EMPTY.encode() : YjsUpdates.merge(stored);
        return new SyncedDocument(merged, Update.decode(merged));
    }

    public synchronized byte[] stateVector() {
        return stateVector.encode();
    }

    /** Bytes of state held: the snapshot and the updates since. */
    public synchronized long size() {
        return size;
    }

    /**
     * Makes room for an update on its way to the log: true, and its bytes counted until {@link #release}, when the
     * state held, the updates already on their way and this one stay within {@code limit} bytes. Why: updates wait
     * for the writer's next commit, and counting only what was applied let a burst queued behind one commit pass
     * the limit by the whole burst.
     */
    public synchronized boolean reserve(long bytes, long limit) {
        if (size + reserved + bytes > limit) {
            return false;
        }
        reserved += bytes;
        return true;
    }

    /**
     * Ends a reservation once its commit is over: applied (and counted in {@link #size} since) or not stored. Released
     * after the apply, so for that moment the update counts twice: the limit errs on the side of refusing.
     */
    public synchronized void release(long bytes) {
        reserved = Math.max(0, reserved - bytes);
    }

    /** What a client with {@code clientStateVector} lacks, as one update (an empty one is {@code 00 00}). */
    public synchronized byte[] diff(byte[] clientStateVector) throws MalformedUpdateException {
        return YjsUpdates.diff(mergedNow(), clientStateVector);
    }

    /** The whole document as one update. */
    public synchronized byte[] snapshot() throws MalformedUpdateException {
        return mergedNow();
    }

    /**
     * True when everything in the update is already here: every struct below this document's clocks and every
     * deletion already known. Such updates (echoes, the full state a client sends after reconnecting) are not
     * stored again.
     */
    public synchronized boolean contains(Update update) {
        for (Struct struct : update.structs()) {
            if (struct.end() > stateVector.clock(struct.client())) {
                return false;
            }
        }
        return update.deleteSet().isEmpty()
                || DeleteSet.merge(List.of(deleteSet, update.deleteSet())).equals(deleteSet);
    }

    /** Takes in a stored update. */
    public synchronized void apply(byte[] encoded, Update update) throws MalformedUpdateException {
        applied.add(encoded);
        appliedBytes += encoded.length;
        size += encoded.length;
        // A client's clock advances over structs that continue what is known; a struct after a gap (or a skip)
        // waits, as in yjs, until the merge finds what fills the gap.
        Map<Long, Long> clocks = new HashMap<>(stateVector.clocks());
        for (Struct struct : update.structs()) {
            long known = clocks.getOrDefault(struct.client(), 0L);
            if (!(struct instanceof Skip) && struct.clock() <= known && struct.end() > known) {
                clocks.put(struct.client(), struct.end());
            }
        }
        stateVector = StateVector.of(clocks);
        if (!update.deleteSet().isEmpty()) {
            deleteSet = DeleteSet.merge(List.of(deleteSet, update.deleteSet()));
        }
        if (applied.size() >= MERGE_AFTER && appliedBytes * 2 >= merged.length) {
            mergedNow();
        }
    }

    /** Updates applied since the last merge. */
    synchronized int unmerged() {
        return applied.size();
    }

    private byte[] mergedNow() throws MalformedUpdateException {
        if (!applied.isEmpty()) {
            List<byte[]> all = new ArrayList<>(applied.size() + 1);
            all.add(merged);
            all.addAll(applied);
            merged = YjsUpdates.merge(all);
            applied.clear();
            appliedBytes = 0;
            Update decoded = Update.decode(merged);
            // An update that arrived before the ones it builds on leaves a gap; the merged state vector counts
            // only what is contiguous, as yjs does.
            stateVector = decoded.stateVector();
            deleteSet = decoded.deleteSet();
            size = merged.length;
        }
        return merged;
    }
}
