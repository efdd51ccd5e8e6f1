package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deletions an update carries, per client. Deletions are never filtered by what a receiver has: a deletion
 * of something the receiver gets later must still arrive, so merging only unions them.
 */
public final class DeleteSet {

    public static final DeleteSet EMPTY = new DeleteSet(Map.of());

    /** Clients in the order read; each client's ranges in the order read (yjs sorts them only when merging). */
    private final Map<Long, List<DeleteRange>> ranges;

    private DeleteSet(Map<Long, List<DeleteRange>> ranges) {
        this.ranges = ranges;
    }

    public static DeleteSet of(Map<Long, List<DeleteRange>> ranges) {
        Map<Long, List<DeleteRange>> copy = new LinkedHashMap<>();
        ranges.forEach((client, list) -> {
            if (!list.isEmpty()) {
                copy.put(client, List.copyOf(list));
            }
        });
        return new DeleteSet(Collections.unmodifiableMap(copy));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public Set<Long> clients() {
        return ranges.keySet();
    }

    public List<DeleteRange> ranges(long client) {
        return ranges.getOrDefault(client, List.of());
    }

    /** Whether the set covers this id (any order of ranges). */
    public boolean isDeleted(Id id) {
        for (DeleteRange r : ranges(id.client())) {
            if (r.clock() <= id.clock() && id.clock() < r.end()) {
                return true;
            }
        }
        return false;
    }

    /** Reads a delete set as yjs does: a client listed twice adds to its ranges, a client with none is dropped. */
    static DeleteSet read(Lib0Reader in) throws MalformedUpdateException {
        int clients = in.readCount("delete set clients");
        Map<Long, List<DeleteRange>> read = new LinkedHashMap<>();
        for (int i = 0; i < clients; i++) {
            long client = in.readVarUint();
            int n = in.readCount("deleted ranges");
            if (n == 0) {
                continue;
            }
            List<DeleteRange> list = read.computeIfAbsent(client, c -> new ArrayList<>());
            for (int k = 0; k < n; k++) {
                int at = in.position();
                long clock = in.readVarUint();
                long length = in.readVarUint();
                if (length > Lib0Reader.MAX_SAFE_INTEGER - clock) {
                    throw new MalformedUpdateException("deleted range ends beyond 2^53-1", at);
                }
                list.add(new DeleteRange(clock, length));
            }
        }
        read.replaceAll((client, list) -> List.copyOf(list));
        return new DeleteSet(Collections.unmodifiableMap(read));
    }

    /** Writes clients from the highest id down, as yjs does, and each client's ranges as they are. */
    void write(Lib0Writer out) {
        List<Long> clients = new ArrayList<>(ranges.keySet());
        clients.sort(Comparator.reverseOrder());
        out.writeVarUint(clients.size());
        for (long client : clients) {
            List<DeleteRange> list = ranges.get(client);
            out.writeVarUint(client);
            out.writeVarUint(list.size());
            for (DeleteRange r : list) {
                out.writeVarUint(r.clock());
                out.writeVarUint(r.length());
            }
        }
    }

    /**
     * The union, as yjs's {@code mergeDeleteSets}: per client, all ranges sorted by clock (stably), and ranges that
     * touch or overlap joined.
     */
    public static DeleteSet merge(List<DeleteSet> sets) {
        Map<Long, List<DeleteRange>> all = new LinkedHashMap<>();
        for (DeleteSet set : sets) {
            set.ranges.forEach((client, list) ->
                    all.computeIfAbsent(client, c -> new ArrayList<>()).addAll(list));
        }
        all.replaceAll((client, list) -> sortAndJoin(list));
        return new DeleteSet(Collections.unmodifiableMap(all));
    }

    private static List<DeleteRange> sortAndJoin(List<DeleteRange> list) {
        list.sort(Comparator.comparingLong(DeleteRange::clock));
        List<DeleteRange> joined = new ArrayList<>(list.size());
        for (DeleteRange right : list) {
            if (!joined.isEmpty()) {
                DeleteRange left = joined.get(joined.size() - 1);
                if (left.end() >= right.clock()) {
                    long length = Math.max(left.length(), right.end() - left.clock());
                    joined.set(joined.size() - 1, new DeleteRange(left.clock(), length));
                    continue;
                }
            }
            joined.add(right);
        }
        return List.copyOf(joined);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeleteSet other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return "DeleteSet" + ranges;
    }
}
