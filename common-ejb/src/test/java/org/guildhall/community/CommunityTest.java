package org.guildhall.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import org.guildhall.sockets.JsonMessages;
import org.junit.jupiter.api.Test;

class CommunityTest {

    private static final JsonObject DEFAULTS = JsonMessages.PROVIDER
            .createReader(new StringReader(CommunitySchema.resource(HostedCommunity.BUILT_IN)))
            .readObject();

    @Test
    void whatTheFileLeavesOutComesFromTheBuiltInCommunity() {
        Community community = Community.from(
                "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"},"
                        + " \"features\": {\"collaboration\": {\"maxSessionSize\": 4}}}",
                DEFAULTS);
        assertEquals("acme", community.id());
        assertEquals(4, community.maxSessionSize());
        assertEquals(30, community.persistDays());
        assertEquals(60, community.invitesPerHour());
        assertTrue(community.collaborationEnabled());
    }

    @Test
    void theSeedsExampleIsReadAsWritten() {
        Community seed = Community.from(CommunitySchema.resource("seed-example-community.json"), DEFAULTS);
        assertEquals(10, seed.maxSessionSize());
        assertEquals(5, seed.maxSessionsPerUser());
        assertEquals(20, seed.maxInvitesPerSession());
        assertEquals(10, seed.sessionsPerHour());
        assertEquals(50, seed.invitesPerHour());
        assertEquals(Set.of("richardthompson", "visualhive"), seed.moderators());
        assertTrue(seed.requireAuth());
    }

    @Test
    void onlyListedChannelsAreDeliveredButSystemAnnouncementsAlwaysAre() {
        Community community = Community.from(
                "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"},"
                        + " \"features\": {\"notifications\": {\"channels\": [\"invites\"]}}}",
                DEFAULTS);
        assertTrue(community.delivers("invite"));
        assertFalse(community.delivers("mention"));
        assertFalse(community.delivers("session"));
        assertTrue(community.delivers("system"));
    }

    @Test
    void moderatorsAreListedOrInTheModeratorGroup() {
        Community community = Community.from(
                "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"},"
                        + " \"moderation\": {\"moderators\": [\"molly\"], \"bannedUsers\": [\"mallory\"]}}",
                DEFAULTS);
        assertTrue(community.isModerator("molly", Set.of()));
        assertTrue(community.isModerator("sam", Set.of("moderator")));
        assertFalse(community.isModerator("sam", Set.of("staff")));
        assertTrue(community.isBanned("mallory"));
        assertFalse(community.isBanned("molly"));
    }

    @Test
    void theSenderOfAnUndeliveredTypeLearnsWhichChannelIsOff() {
        Community channelsOff = Community.from(
                "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"},"
                        + " \"features\": {\"notifications\": {\"channels\": [\"invites\"]}}}",
                DEFAULTS);
        assertTrue(channelsOff.whyNotDelivered("mention").contains("discussions channel is off"));

        Community allOff = Community.from(
                "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"},"
                        + " \"features\": {\"notifications\": {\"enabled\": false}}}",
                DEFAULTS);
        assertFalse(allOff.delivers("invite"));
        assertTrue(allOff.delivers("system"), "administrators' announcements always go");
        assertTrue(allOff.whyNotDelivered("invite").contains("notifications turned off"));
        assertTrue(allOff.banNotice("mallory").startsWith("mallory is banned from the community Acme"));
    }
}
