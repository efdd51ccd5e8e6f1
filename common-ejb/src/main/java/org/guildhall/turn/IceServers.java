package org.guildhall.turn;

import java.util.List;
import java.util.Optional;

/**
 * What a client puts in its {@code RTCPeerConnection}'s {@code iceServers}: the URLs, and for TURN a username and
 * credential valid for {@code ttlSeconds}. Without a TURN secret it is STUN only, and {@code note} says so.
 */
public record IceServers(
        List<String> urls,
        Optional<String> username,
        Optional<String> credential,
        long ttlSeconds,
        Optional<String> note) {}
