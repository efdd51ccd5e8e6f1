package org.guildhall.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsersBannedTest {

    @Test
    void onlyUsersTheNewFileBansAndTheOldDidNotAreNewlyBanned() {
        assertEquals(
                Optional.of(new UsersBanned(Set.of("carol", "dave"))),
                UsersBanned.between(Set.of("mallory"), Set.of("mallory", "carol", "dave")));
        assertEquals(
                Optional.of(new UsersBanned(Set.of("carol"))),
                UsersBanned.between(Set.of("mallory"), Set.of("carol")),
                "a lifted ban beside a new one: only the new one");
    }

    @Test
    void nothingIsAnnouncedWhenNobodyIsNewlyBanned() {
        assertEquals(Optional.empty(), UsersBanned.between(Set.of("mallory"), Set.of("mallory")));
        assertEquals(Optional.empty(), UsersBanned.between(Set.of("mallory", "carol"), Set.of("carol")));
        assertEquals(Optional.empty(), UsersBanned.between(Set.of(), Set.of()));
    }

    @Test
    void theCloseReasonNamesTheUserAndFitsACloseFrame() {
        assertEquals("carol is banned from this community", UsersBanned.reason("carol"));

        String longest = "é".repeat(46) + "x"; // 93 bytes: with " is banned from this community", exactly 123
        assertEquals(longest + " is banned from this community", UsersBanned.reason(longest));
        String tooLong = "é".repeat(47); // 94 bytes
        assertEquals(UsersBanned.REASON_WITHOUT_NAME, UsersBanned.reason(tooLong));
        assertTrue(UsersBanned.reason(tooLong).getBytes(StandardCharsets.UTF_8).length <= UsersBanned.MAX_REASON_BYTES);
    }
}
