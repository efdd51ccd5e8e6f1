package org.guildhall.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void theCredentialIsTheBase64HmacSha1OfTheUsername() {
        // Known answer, computed independently: printf '%s' '1700086400:alice' | openssl dgst -sha1 -hmac
        // 'north-wind' -binary | base64
        assertEquals("2cdv8ItP/4kX53j3SEoTDhjFpeM=", TurnCredentials.credential("north-wind", "1700086400:alice"));
    }

    @Test
    void aUserGetsAUsernameThatExpiresAfterTheTtl() {
        TurnCredentials turn = new TurnCredentials(
                "north-wind",
                "turn:turn.example:3478?transport=udp",
                "stun:turn.example:3478",
                Duration.ofDays(1),
                clock);

        IceServers servers = turn.forUser("alice");

        assertEquals(Optional.of("1700086400:alice"), servers.username());
        assertEquals(Optional.of(TurnCredentials.credential("north-wind", "1700086400:alice")), servers.credential());
        assertEquals(86_400, servers.ttlSeconds());
        assertEquals(List.of("turn:turn.example:3478?transport=udp", "stun:turn.example:3478"), servers.urls());
    }

    @Test
    void withoutASecretItIsStunOnlyAndSaysSo() {
        TurnCredentials turn =
                new TurnCredentials(null, "turn:ignored", "stun:stun.example:3478", Duration.ofHours(1), clock);

        IceServers servers = turn.forUser("alice");

        assertEquals(List.of("stun:stun.example:3478"), servers.urls());
        assertTrue(servers.username().isEmpty());
        assertTrue(servers.note().orElseThrow().contains("STUN only"));
    }
}
