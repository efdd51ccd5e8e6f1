package org.guildhall.documents;

import jakarta.json.JsonException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.guildhall.documents.yjs.Lib0Reader;
import org.guildhall.documents.yjs.Lib0Writer;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.sockets.JsonMessages;

/**
 * The presence (cursor, name, colour) of a document's clients, as y-protocols' awareness: each Yjs client id has
 * a clock and a JSON state, {@code null} once it is gone. A connection owns the client ids it introduces: it may
 * not set or remove another connection's. States not renewed within the timeout are removed, like the reference.
 *
 * <p>A renewal (the same state with a newer clock, which every client sends every 15 s) is not relayed at once but
 * kept for {@link #takeRenewals()}, which the caller relays about once a second, all of a document's renewals in one
 * message. Relayed one by one, the renewals of a document's n clients are n² frames, and clients that connected
 * together renew together: with 50 clients that was 2,500 frames within a second, which stalled other deliveries.
 * Other clients need a renewal only before their 30 s timeout; changes and removals are still relayed at once.
 */
public final class AwarenessStates {

    private record State(long clock, String json, Instant renewed, String owner) {}

    /** How many departed clients are remembered; the oldest are forgotten first. */
    static final int MAX_REMEMBERED_REMOVALS = 10_000;

    /**
     * What a connection sent, as it may be relayed now: only its own new or changed entries, re-encoded; its
     * renewals wait for {@link #takeRenewals()}.
     */
    public record Accepted(byte[] update, int entries, int refused) {

        /** False when nothing changed: clients relay every state they hear, and most copies change nothing. */
        public boolean changedAnything() {
            return entries > 0;
        }
    }

    private final Map<Long, State> states = new LinkedHashMap<>();

    /** Clients renewed since the last {@link #takeRenewals()}. */
    private final Set<Long> renewed = new LinkedHashSet<>();

    /** The last clock of clients that left, so that stale copies of their state are recognised. */
    private final Map<Long, Long> removed = new LinkedHashMap<>();

    private record Entry(long client, long clock, String json) {}

    /**
     * Applies an awareness update from {@code connection}; entries for other connections' clients are dropped. The
     * update is read and its states checked as JSON before the lock is taken: a document's clients all renew their
     * presence, and parsing under the lock made them queue behind each other.
     */
    public Accepted apply(String connection, byte[] update, Instant now) throws MalformedUpdateException {
        List<Entry> entries = read(update);
        List<Entry> kept = new ArrayList<>();
        int refused = 0;
        synchronized (this) {
            for (Entry entry : entries) {
                State current = states.get(entry.client());
                if (current != null && !current.owner().equals(connection)) {
                    // y-websocket clients relay every state they hear, so a copy of another connection's entry is
                    // normal; only a newer clock would change it, and that is refused.
                    if (entry.clock() > current.clock()) {
                        refused++;
                    }
                    continue;
                }
                Long buried = removed.get(entry.client());
                if (current == null && buried != null && entry.clock() <= buried) {
                    continue; // a late copy of a client that has left must not bring it back
                }
                boolean removal = "null".equals(entry.json());
                if (current == null
                        || entry.clock() > current.clock()
                        || (entry.clock() == current.clock() && removal)) {
                    if (removal) {
                        states.remove(entry.client());
                        removed.put(entry.client(), entry.clock());
                        renewed.remove(entry.client());
                        kept.add(entry);
                    } else {
                        states.put(entry.client(), new State(entry.clock(), entry.json(), now, connection));
                        if (current != null && current.json().equals(entry.json())) {
                            renewed.add(entry.client());
                        } else {
                            renewed.remove(entry.client());
                            kept.add(entry);
                        }
                    }
                }
            }
        }
        Lib0Writer accepted = new Lib0Writer(update.length);
        accepted.writeVarUint(kept.size());
        for (Entry entry : kept) {
            accepted.writeVarUint(entry.client());
            accepted.writeVarUint(entry.clock());
            accepted.writeVarString(entry.json());
        }
        return new Accepted(accepted.toByteArray(), kept.size(), refused);
    }

    private static List<Entry> read(byte[] update) throws MalformedUpdateException {
        Lib0Reader reader = new Lib0Reader(update);
        int count = reader.readCount("awareness entries");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long client = reader.readVarUint();
            long clock = reader.readVarUint();
            String json = reader.readVarString();
            requireJson(json, reader.position());
            entries.add(new Entry(client, clock, json));
        }
        if (reader.hasRemaining()) {
            throw new MalformedUpdateException("trailing bytes after the awareness update", reader.position());
        }
        return entries;
    }

    /**
     * The renewals since the last call, as one update (each client's current clock and state); empty when there were
     * none. Clients removed meanwhile are left out: their removal was relayed already.
     */
    public synchronized Optional<byte[]> takeRenewals() {
        renewed.retainAll(states.keySet());
        if (renewed.isEmpty()) {
            return Optional.empty();
        }
        Lib0Writer writer = new Lib0Writer();
        writer.writeVarUint(renewed.size());
        for (long client : renewed) {
            State state = states.get(client);
            writer.writeVarUint(client);
            writer.writeVarUint(state.clock());
            writer.writeVarString(state.json());
        }
        renewed.clear();
        return Optional.of(writer.toByteArray());
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
