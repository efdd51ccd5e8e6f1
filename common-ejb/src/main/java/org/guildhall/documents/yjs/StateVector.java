package org.guildhall.documents.yjs;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * For each client, the first clock a peer does not have yet. Encoded as yjs encodes it: the number of clients, then
 * client and clock pairs from the highest client id down.
 */
public final class StateVector {

    public static final StateVector EMPTY = new StateVector(new TreeMap<>(Comparator.reverseOrder()));

    private final Map<Long, Long> clocks;

    private StateVector(TreeMap<Long, Long> clocks) {
        this.clocks = Collections.unmodifiableMap(clocks);
    }

    public static StateVector of(Map<Long, Long> clocks) {
        TreeMap<Long, Long> copy = new TreeMap<>(Comparator.reverseOrder());
        clocks.forEach((client, clock) -> {
            if (client < 0 || clock < 0) {
                throw new IllegalArgumentException("negative client or clock");
            }
            copy.put(client, clock);
        });
        return new StateVector(copy);
    }

    /** The clock of a client, 0 for a client never seen. */
    public long clock(long client) {
        return clocks.getOrDefault(client, 0L);
    }

    /** Clients from the highest id down. */
    public Map<Long, Long> clocks() {
        return clocks;
    }

    public static StateVector decode(byte[] encoded) throws MalformedUpdateException {
        Lib0Reader in = new Lib0Reader(encoded);
        int n = in.readCount("state vector entries");
        TreeMap<Long, Long> read = new TreeMap<>(Comparator.reverseOrder());
        for (int i = 0; i < n; i++) {
            long client = in.readVarUint();
            read.put(client, in.readVarUint()); // a repeated client: the last one counts, as in yjs
        }
        if (in.hasRemaining()) {
            throw new MalformedUpdateException("trailing bytes after the state vector", in.position());
        }
        return new StateVector(read);
    }

    public byte[] encode() {
        Lib0Writer out = new Lib0Writer(2 + clocks.size() * 10);
        out.writeVarUint(clocks.size());
        clocks.forEach((client, clock) -> {
            out.writeVarUint(client);
            out.writeVarUint(clock);
        });
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateVector other && clocks.equals(other.clocks);
    }

    @Override
    public int hashCode() {
        return clocks.hashCode();
    }

    @Override
    public String toString() {
        return "StateVector" + clocks;
    }
}
