package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges updates into one, as {@code Y.mergeUpdates} does: structs of the highest client first, each clock range
 * written once (a range that arrives several times, whole or in overlapping pieces, is sliced where the earlier
 * copy ends), gaps filled with {@link Skip} so later structs keep their clocks, and the delete sets unioned.
 *
 * <p>yjs re-sorts all its readers after every struct it writes; this does the same walk with a priority queue
 * (O(n log k) for n structs in k updates), ordering equal positions the way yjs's stable sort leaves them, so
 * that the output is byte for byte what yjs writes for the same input. One order yjs leaves to its sort
 * algorithm: its comparator calls a GC and an item at the same clock each smaller than the other. There the GC is
 * taken, which is smaller and says the same (the item is deleted wherever the GC came from).
 */
public final class UpdateMerger {

    private UpdateMerger() {}

    public static Update merge(List<Update> updates) {
        if (updates.size() == 1) {
            return updates.get(0);
        }
        PriorityQueue<Reader> queue = new PriorityQueue<>(Math.max(1, updates.size()), Reader.ORDER);
        for (int i = 0; i < updates.size(); i++) {
            Reader reader = new Reader(withoutSkips(updates.get(i).structs()), -i);
            if (reader.current() != null) {
                queue.add(reader);
            }
        }
        List<Struct> out = new ArrayList<>();
        long sequence = 0;
        Struct pending = null;
        while (!queue.isEmpty()) {
            Reader reader = queue.poll();
            long client = reader.current().client();
            if (pending == null) {
                pending = reader.current();
                reader.advance();
            } else {
                Struct curr = reader.current();
                boolean passed = false;
                // Whatever this reader has that is already written is an echo: pass over it.
                while (curr != null && curr.end() <= pending.end() && curr.client() >= pending.client()) {
                    curr = reader.advance();
                    passed = true;
                }
                if (curr == null || curr.client() != client || (passed && curr.clock() > pending.end())) {
                    requeue(queue, reader, ++sequence);
                    continue;
                }
                if (client != pending.client()) {
                    out.add(Update.rewritten(pending));
                    pending = curr;
                    reader.advance();
                } else if (pending.end() < curr.clock()) {
                    out.add(Update.rewritten(pending));
                    pending = new Skip(client, pending.end(), curr.clock() - pending.end());
                } else {
                    long overlap = pending.end() - curr.clock();
                    Struct piece = overlap > 0 ? curr.sliceFrom(overlap) : curr;
                    if (pending instanceof Gc left && piece instanceof Gc right) {
                        pending = new Gc(client, left.clock(), left.length() + right.length());
                    } else {
                        out.add(Update.rewritten(pending));
                        pending = piece;
                        reader.advance();
                    }
                }
            }
            // Take what directly follows from the same reader without looking at the others (yjs does the same).
            for (Struct next = reader.current();
                    next != null && next.client() == client && next.clock() == pending.end();
                    next = reader.advance()) {
                out.add(Update.rewritten(pending));
                pending = next;
            }
            requeue(queue, reader, ++sequence);
        }
        if (pending != null) {
            out.add(Update.rewritten(pending));
        }
        List<DeleteSet> deleteSets = new ArrayList<>(updates.size());
        for (Update u : updates) {
            deleteSets.add(u.deleteSet());
        }
        return new Update(out, DeleteSet.merge(deleteSets));
    }

    private static void requeue(PriorityQueue<Reader> queue, Reader reader, long sequence) {
        if (reader.current() != null) {
            reader.sequence = sequence;
            queue.add(reader);
        }
    }

    /**
     * The structs without skips (yjs's merge reads past them), in the order yjs's writers produce: clients from the
     * highest down, clocks rising. Another order is sorted into it, which yjs itself does not do.
     */
    private static List<Struct> withoutSkips(List<Struct> structs) {
        List<Struct> kept = new ArrayList<>(structs.size());
        boolean ordered = true;
        for (Struct s : structs) {
            if (s instanceof Skip) {
                continue;
            }
            if (!kept.isEmpty() && STRUCT_ORDER.compare(kept.get(kept.size() - 1), s) > 0) {
                ordered = false;
            }
            kept.add(s);
        }
        if (!ordered) {
            kept.sort(STRUCT_ORDER);
        }
        return kept;
    }

    private static final Comparator<Struct> STRUCT_ORDER =
            Comparator.comparingLong(Struct::client).reversed().thenComparingLong(Struct::clock);

    /** One update's structs being read. */
    private static final class Reader {

        /**
         * yjs's sort: highest client, then lowest clock; among equals, the reader moved last comes first (it was at
         * the front of yjs's array, and a stable sort keeps it there), then earlier updates.
         */
        static final Comparator<Reader> ORDER = (a, b) -> {
            Struct x = a.current();
            Struct y = b.current();
            if (x.client() != y.client()) {
                return Long.compare(y.client(), x.client());
            }
            if (x.clock() != y.clock()) {
                return Long.compare(x.clock(), y.clock());
            }
            boolean xGc = x instanceof Gc;
            if (xGc != y instanceof Gc) {
                return xGc ? -1 : 1;
            }
            return Long.compare(b.sequence, a.sequence);
        };

        private final List<Struct> structs;
        private int next;
        long sequence;

        Reader(List<Struct> structs, long sequence) {
            this.structs = structs;
            this.sequence = sequence;
        }

        Struct current() {
            return next < structs.size() ? structs.get(next) : null;
        }

        Struct advance() {
            next++;
            return current();
        }
    }
}
