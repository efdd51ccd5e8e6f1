package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guildhall.documents.yjs.Lib0Reader;
import org.guildhall.documents.yjs.Lib0Writer;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.junit.jupiter.api.Test;

class AwarenessStatesTest {

    private final AwarenessStates states = new AwarenessStates();
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    private static byte[] update(long client, long clock, String json) {
        Lib0Writer writer = new Lib0Writer();
        writer.writeVarUint(1);
        writer.writeVarUint(client);
        writer.writeVarUint(clock);
        writer.writeVarString(json);
        return writer.toByteArray();
    }

    private record Entry(long client, long clock, String json) {}

    private static List<Entry> entries(byte[] update) throws MalformedUpdateException {
        Lib0Reader reader = new Lib0Reader(update);
        List<Entry> entries = new ArrayList<>();
        long count = reader.readVarUint();
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(reader.readVarUint(), reader.readVarUint(), reader.readVarString()));
        }
        return entries;
    }

    private static Map<Long, String> decode(byte[] update) throws MalformedUpdateException {
        Map<Long, String> states = new LinkedHashMap<>();
        entries(update).forEach(entry -> states.put(entry.client(), entry.json()));
        return states;
    }

    private static Map<Long, Long> clocks(byte[] update) throws MalformedUpdateException {
        Map<Long, Long> clocks = new LinkedHashMap<>();
        entries(update).forEach(entry -> clocks.put(entry.client(), entry.clock()));
        return clocks;
    }

    @Test
    void aConnectionOwnsTheClientsItIntroduces() throws Exception {
        AwarenessStates.Accepted first = states.apply("alice", update(7, 1, "{\"name\":\"a\"}"), now);

        assertEquals(Map.of(7L, "{\"name\":\"a\"}"), decode(first.update()));
        assertEquals(Map.of(7L, "{\"name\":\"a\"}"), decode(states.all().orElseThrow()));
    }

    @Test
    void anUpdateThatIsMalformedPartWayChangesNothing() throws Exception {
        Lib0Writer writer = new Lib0Writer();
        writer.writeVarUint(2);
        writer.writeVarUint(7);
        writer.writeVarUint(1);
        writer.writeVarString("{\"name\":\"a\"}");
        writer.writeVarUint(8);
        writer.writeVarUint(1);
        writer.writeVarString("{not json");

        assertThrows(MalformedUpdateException.class, () -> states.apply("alice", writer.toByteArray(), now));
        assertTrue(states.all().isEmpty(), "the valid first entry was not applied either");
    }

    @Test
    void aRelayedCopyOfAnotherClientIsIgnoredButANewerClockIsRefused() throws Exception {
        states.apply("alice", update(7, 3, "{\"name\":\"a\"}"), now);

        AwarenessStates.Accepted copy = states.apply("bob", update(7, 3, "{\"name\":\"a\"}"), now);
        AwarenessStates.Accepted takeover = states.apply("bob", update(7, 4, "{\"name\":\"mallory\"}"), now);

        assertEquals(0, copy.refused());
        assertFalse(copy.changedAnything(), "a copy changes nothing and is not relayed");
        assertTrue(decode(copy.update()).isEmpty(), "nothing of bob's copy is relayed");
        assertEquals(1, takeover.refused());
        assertEquals(Map.of(7L, "{\"name\":\"a\"}"), decode(states.all().orElseThrow()));
    }

    @Test
    void aLeavingConnectionsClientsAreRemovedAndStaleCopiesDoNotBringThemBack() throws Exception {
        states.apply("alice", update(7, 3, "{\"name\":\"a\"}"), now);

        assertEquals(Map.of(7L, "null"), decode(states.removeOwnedBy("alice").orElseThrow()));
        states.apply("bob", update(7, 3, "{\"name\":\"a\"}"), now);

        assertTrue(states.all().isEmpty(), "a late copy from another client must not resurrect alice");
    }

    @Test
    void statesNotRenewedWithinTheTimeoutExpire() throws Exception {
        states.apply("alice", update(7, 1, "{}"), now);
        states.apply("bob", update(8, 1, "{}"), now.plusSeconds(20));

        byte[] gone = states.expire(now.plusSeconds(31), Duration.ofSeconds(30)).orElseThrow();

        assertEquals(Map.of(7L, "null"), decode(gone));
        assertEquals(Map.of(8L, "{}"), decode(states.all().orElseThrow()));
    }

    @Test
    void renewalsWaitToBeRelayedTogetherWhileChangesGoAtOnce() throws Exception {
        states.apply("alice", update(7, 1, "{\"name\":\"a\"}"), now);
        states.apply("bob", update(8, 1, "{\"name\":\"b\"}"), now);
        assertTrue(states.takeRenewals().isEmpty(), "new states are changes, relayed at once");

        AwarenessStates.Accepted renewal = states.apply("alice", update(7, 2, "{\"name\":\"a\"}"), now);
        states.apply("bob", update(8, 2, "{\"name\":\"b\"}"), now);
        AwarenessStates.Accepted change = states.apply("bob", update(8, 3, "{\"name\":\"bob\"}"), now);

        assertFalse(renewal.changedAnything(), "a renewal is not relayed on its own");
        assertEquals(Map.of(8L, "{\"name\":\"bob\"}"), decode(change.update()));
        byte[] renewals = states.takeRenewals().orElseThrow();
        assertEquals(Map.of(7L, "{\"name\":\"a\"}"), decode(renewals), "bob's renewal was overtaken by his change");
        assertEquals(2L, clocks(renewals).get(7L), "the renewal carries the newer clock");
        assertTrue(states.takeRenewals().isEmpty(), "taken once");
    }

    @Test
    void aPendingRenewalOfAClientThatLeftIsDropped() throws Exception {
        states.apply("alice", update(7, 1, "{}"), now);
        states.apply("alice", update(7, 2, "{}"), now);

        states.removeOwnedBy("alice");

        assertTrue(states.takeRenewals().isEmpty());
    }

    @Test
    void anEntryThatIsNotJsonIsMalformed() {
        assertThrows(MalformedUpdateException.class, () -> states.apply("alice", update(7, 1, "{not json"), now));
    }
}
