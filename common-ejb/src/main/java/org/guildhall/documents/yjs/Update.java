package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded Yjs v1 update: structs in wire order (grouped by client, clocks rising within a client) and the delete
 * set. Decoding checks the whole input; encoding a decoded update gives back the same bytes for anything a yjs
 * encoder wrote.
 */
public record Update(List<Struct> structs, DeleteSet deleteSet) {

    /** The update that changes nothing ({@code 00 00} on the wire). */
    public static final Update EMPTY = new Update(List.of(), DeleteSet.EMPTY);

    public Update {
        structs = List.copyOf(structs);
    }

    /** Decodes an entire update; refuses truncated input, trailing bytes and anything no yjs encoder writes. */
    public static Update decode(byte[] update) throws MalformedUpdateException {
        Lib0Reader in = new Lib0Reader(update);
        List<Struct> structs = new StructDecoder(in).readStructs();
        DeleteSet deleteSet = DeleteSet.read(in);
        if (in.hasRemaining()) {
            throw new MalformedUpdateException(in.remaining() + " trailing bytes after the delete set", in.position());
        }
        return new Update(structs, deleteSet);
    }

    public byte[] encode() {
        Lib0Writer out = new Lib0Writer(64 + structs.size() * 16);
        StructWriter.write(out, structs);
        deleteSet.write(out);
        return out.toByteArray();
    }

    /** The structs of each client in clock order, clients in the order the update lists them. */
    public Map<Long, List<Struct>> structsByClient() {
        Map<Long, List<Struct>> byClient = new LinkedHashMap<>();
        for (Struct s : structs) {
            byClient.computeIfAbsent(s.client(), c -> new ArrayList<>()).add(s);
        }
        byClient.values().forEach(list -> list.sort(Comparator.comparingLong(Struct::clock)));
        return byClient;
    }

    public boolean isEmpty() {
        return structs.isEmpty() && deleteSet.isEmpty();
    }

    /**
     * What a peer that applied this update alone would have, as {@code Y.encodeStateVectorFromUpdate}: per client,
     * the end of the run of structs that starts at clock 0 and has no skip. A client whose structs start later is
     * left out, since a receiver cannot integrate them yet. (yjs counts a skip that is the update's very first
     * struct; none of its encoders writes one there, and it is not counted here.)
     */
    public StateVector stateVector() {
        Map<Long, Long> clocks = new LinkedHashMap<>();
        long client = -1;
        long clock = 0;
        boolean counting = false;
        for (Struct s : structs) {
            if (s.client() != client) {
                if (client >= 0 && clock > 0) {
                    clocks.put(client, clock);
                }
                client = s.client();
                clock = 0;
                counting = s.clock() == 0;
            }
            if (s instanceof Skip) {
                counting = false;
            }
            if (counting) {
                clock = s.end();
            }
        }
        if (client >= 0 && clock > 0) {
            clocks.put(client, clock);
        }
        return StateVector.of(clocks);
    }

    /**
     * The part of this update a peer with {@code known} is missing, as {@code Y.diffUpdate}: for each client, the
     * structs from the peer's clock on (the first one sliced if the clock falls inside it), and the whole delete
     * set, since the peer may not have seen a deletion of something it already has.
     */
    public Update diff(StateVector known) {
        List<Struct> out = new ArrayList<>();
        int i = 0;
        int n = structs.size();
        while (i < n) {
            Struct s = structs.get(i);
            long client = s.client();
            long have = known.clock(client);
            if (s instanceof Skip) {
                i++; // never start a client with a skip
            } else if (s.end() > have) {
                long offset = Math.max(have - s.clock(), 0);
                out.add(rewritten(offset > 0 ? s.sliceFrom(offset) : s));
                i++;
                while (i < n && structs.get(i).client() == client) {
                    out.add(rewritten(structs.get(i++)));
                }
            } else {
                while (i < n
                        && structs.get(i).client() == client
                        && structs.get(i).end() <= have) {
                    i++;
                }
            }
        }
        return new Update(out, deleteSet);
    }

    /** A struct as yjs's lazy writer re-writes one it decoded (see {@link Item#asRewrittenByYjs()}). */
    static Struct rewritten(Struct s) {
        return s instanceof Item item ? item.asRewrittenByYjs() : s;
    }
}
