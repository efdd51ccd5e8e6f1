package org.guildhall.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeTokenTest {

    @Test
    void takesTheValueAfterAccessTokenInTheProtocolHeader() {
        assertEquals(
                Optional.of("abc.def.ghi"),
                HandshakeToken.extract(Collections.enumeration(List.of("access_token, abc.def.ghi")), null));
    }

    @Test
    void acceptsTheTwoProtocolsAsSeparateHeaderLines() {
        assertEquals(
                Optional.of("abc.def.ghi"),
                HandshakeToken.extract(Collections.enumeration(List.of("access_token", "abc.def.ghi")), "other"));
    }

    @Test
    void fallsBackToTheQueryParameter() {
        assertEquals(
                Optional.of("q.q.q"), HandshakeToken.extract(Collections.enumeration(List.of("y-protocol")), "q.q.q"));
        assertEquals(Optional.of("q.q.q"), HandshakeToken.extract(null, "q.q.q"));
    }

    @Test
    void findsNothingWhenNoTokenIsOffered() {
        assertEquals(Optional.empty(), HandshakeToken.extract(Collections.enumeration(List.of("access_token")), ""));
        assertEquals(Optional.empty(), HandshakeToken.extract(Collections.emptyEnumeration(), null));
    }

    @Test
    void knowsWhetherTheTokenProtocolWasOffered() {
        assertTrue(HandshakeToken.offersSubprotocol(Collections.enumeration(List.of("y-protocol, access_token", "t"))));
        assertFalse(HandshakeToken.offersSubprotocol(Collections.enumeration(List.of("y-protocol"))));
        assertFalse(HandshakeToken.offersSubprotocol(null));
    }
}
