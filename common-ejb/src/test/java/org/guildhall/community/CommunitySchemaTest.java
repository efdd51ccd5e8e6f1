package org.guildhall.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommunitySchemaTest {

    private final CommunitySchema schema = CommunitySchema.load();

    @Test
    void theBuiltInCommunityAndTheSeedsExampleAreValid() {
        assertEquals(List.of(), schema.problems(CommunitySchema.resource(HostedCommunity.BUILT_IN)));
        assertEquals(List.of(), schema.problems(CommunitySchema.resource("seed-example-community.json")));
    }

    @Test
    void aWrongTypeIsReportedAtItsPath() {
        List<String> problems =
                schema.problems(minimal("\"features\": {\"collaboration\": {\"maxSessionSize\": \"ten\"}}"));
        assertOneProblemAt("$.features.collaboration.maxSessionSize", problems);
    }

    @Test
    void aMissingRequiredKeyIsReported() {
        List<String> problems = schema.problems("{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\"}}");
        assertOneProblemAt("$.community", problems);
        assertTrue(problems.get(0).contains("name"), problems.toString());
    }

    @Test
    void aValueOutsideItsRangeOrEnumIsReported() {
        assertOneProblemAt(
                "$.limits.rateLimit.invitesPerHour",
                schema.problems(minimal("\"limits\": {\"rateLimit\": {\"invitesPerHour\": 0}}")));
        assertOneProblemAt(
                "$.features.notifications.channels[1]",
                schema.problems(
                        minimal("\"features\": {\"notifications\": {\"channels\": [\"invites\", \"gossip\"]}}")));
    }

    @Test
    void aMisspelledKeyInAnEnforcedSectionIsReportedRatherThanIgnored() {
        assertOneProblemAt(
                "$.features.collaboration.maxSesionSize",
                schema.problems(minimal("\"features\": {\"collaboration\": {\"maxSesionSize\": 4}}")));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = schema.problems(minimal("\"moderation\": {\"bannedUsers\": [\"eve\", 7]},"
                + " \"features\": {\"notifications\": {\"persistDays\": -1}}"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("$.features.notifications.persistDays: "), problems.toString());
        assertTrue(problems.get(1).startsWith("$.moderation.bannedUsers[1]: "), problems.toString());
    }

    @Test
    void malformedJsonIsReportedWithWhereItBroke() {
        List<String> problems = schema.problems("{\"version\": \"1.0.0\",\n \"community\": {");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("$: not a valid JSON document"), problems.toString());
    }

    private static String minimal(String more) {
        return "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"}, " + more + "}";
    }

    private static void assertOneProblemAt(String path, List<String> problems) {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(path + ": "), problems.toString());
    }
}
