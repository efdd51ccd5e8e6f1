package org.guildhall.documents;

import jakarta.json.JsonException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.guildhall.documents.yjs.Lib0Reader;
import org.guildhall.documents.yjs.Lib0Writer;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.sockets.JsonMessages;

/**
 * The presence (cursor, name, colour) of a document's clients, as y-protocols' awareness: each Yjs client id has
 * a clock and a JSON state, {@code null} once it is gone. A connection owns the client ids it introduces: it may
 * not set or remove another connection's. States not renewed within the timeout are removed, like the reference.
 */
public final class AwarenessStates {

    private record State(long clock, String json, Instant renewed, String owner) {}

    /** How many departed clients are remembered; the oldest are forgotten first. */
    static final int MAX_REMEMBERED_REMOVALS = 10_000;

    /** What a connection sent, as it may be relayed: only its own new entries, re-encoded. */
    public record Accepted(byte[] update, int entries, int refused) {

        /** False when nothing changed: clients relay every state they hear, and most copies change nothing. */
        public boolean changedAnything() {
            return entries > 0;
        }
    }

    private final Map<Long, State> states = new LinkedHashMap<>();

    /** The last clock of clients that left, so that stale copies of their state are recognised. */
    private final Map<Long, Long> removed = new LinkedHashMap<>();

    /** Applies an awareness update from {@code connection}; entries for other connections' clients are dropped. */
    public synchronized Accepted apply(String connection, byte[] update, Instant now) throws MalformedUpdateException {
        Lib0Reader reader = new Lib0Reader(update);
        int count = reader.readCount("awareness entries");
        Lib0Writer accepted = new Lib0Writer(update.length);
        List<long[]> kept = new ArrayList<>();
        List<String> keptStates = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < count; i++) {
            long client = reader.readVarUint();
            long clock = reader.readVarUint();
            String json = reader.readVarString();
            requireJson(json, reader.position());
            State current = states.get(client);
            if (current != null && !current.owner().equals(connection)) {
                // y-websocket clients relay every state they hear, so a copy of another connection's entry is
                // normal; only a newer clock would change it, and that is refused.
                if (clock > current.clock()) {
                    refused++;
                }
                continue;
            }
            Long buried = removed.get(client);
            if (current == null && buried != null && clock <= buried) {
                continue; // a late copy of a client that has left must not bring it back
            }
            boolean removal = "null".equals(json);
            if (current == null || clock > current.clock() || (clock == current.clock() && removal)) {
                if (removal) {
                    states.remove(client);
                    removed.put(client, clock);
                } else {
                    states.put(client, new State(clock, json, now, connection));
                }
                kept.add(new long[] {client, clock});
                keptStates.add(json);
            }
        }
        if (reader.hasRemaining()) {
            throw new MalformedUpdateException("trailing bytes after the awareness update", reader.position());
        }
        accepted.writeVarUint(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            accepted.writeVarUint(kept.get(i)[0]);
            accepted.writeVarUint(kept.get(i)[1]);
            accepted.writeVarString(keptStates.get(i));
        }
        return new Accepted(accepted.toByteArray(), kept.size(), refused);
    }

    /** Every current state, for a newcomer or a query. Empty when nobody is present. */
    public synchronized Optional<byte[]> all() {
        if (states.isEmpty()) {
            return Optional.empty();
        }
        Lib0Writer writer = new Lib0Writer();
        writer.writeVarUint(states.size());
        states.forEach((client, state) -> {
            writer.writeVarUint(client);
            writer.writeVarUint(state.clock());
            writer.writeVarString(state.json());
        });
        return Optional.of(writer.toByteArray());
    }

    /** The connection left: its clients are removed; the update announcing it, if it had any. */
    public synchronized Optional<byte[]> removeOwnedBy(String connection) {
        return remove(client -> states.get(client).owner().equals(connection));
    }

    /** States not renewed within {@code timeout} are removed; the update announcing it, if any were. */
    public synchronized Optional<byte[]> expire(Instant now, Duration timeout) {
        return remove(client -> states.get(client).renewed().plus(timeout).isBefore(now));
    }

    private Optional<byte[]> remove(java.util.function.LongPredicate which) {
        List<Long> gone = states.keySet().stream().filter(which::test).toList();
        if (gone.isEmpty()) {
            return Optional.empty();
        }
        Lib0Writer writer = new Lib0Writer();
        writer.writeVarUint(gone.size());
        for (long client : gone) {
            long clock = states.remove(client).clock() + 1;
            removed.put(client, clock);
            writer.writeVarUint(client);
            writer.writeVarUint(clock);
            writer.writeVarString("null");
        }
        while (removed.size() > MAX_REMEMBERED_REMOVALS) {
            removed.remove(removed.keySet().iterator().next());
        }
        return Optional.of(writer.toByteArray());
    }

    private static void requireJson(String json, int position) throws MalformedUpdateException {
        try {
            JsonMessages.PROVIDER.createReader(new StringReader(json)).readValue();
        } catch (JsonException e) {
            throw new MalformedUpdateException("an awareness state is not JSON", position);
        }
    }
}
