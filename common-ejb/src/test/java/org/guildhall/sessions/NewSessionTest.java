package org.guildhall.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.guildhall.sockets.JsonMessages;
import org.junit.jupiter.api.Test;

class NewSessionTest {

    private static NewSession read(String json) throws SessionException {
        try (var reader = JsonMessages.PROVIDER.createReader(new StringReader(json))) {
            return NewSession.from(reader.readObject());
        }
    }

    private static String refusal(String json) {
        return assertThrows(SessionException.class, () -> read(json)).getMessage();
    }

    @Test
    void theSeedsOptionsAreRead() throws Exception {
        NewSession seed = read("{\"title\":\" Review \",\"description\":\"d\",\"isPublic\":true,"
                + "\"maxParticipants\":2,\"audioEnabled\":true,\"videoEnabled\":false}");
        assertEquals("Review", seed.title());
        assertEquals(Optional.of("d"), seed.description());
        assertTrue(seed.isPublic());
        assertEquals(Optional.of(2), seed.maxParticipants());
        assertTrue(seed.audioEnabled());
        assertFalse(seed.videoEnabled());
        assertFalse(seed.screenShareEnabled());
    }

    @Test
    void visibilityIsRequiredAndMustAgreeWithIsPublic() throws Exception {
        assertFalse(read("{\"title\":\"t\",\"visibility\":\"private\"}").isPublic());
        assertTrue(refusal("{\"title\":\"t\"}").contains("visibility"));
        assertTrue(refusal("{\"title\":\"t\",\"visibility\":\"secret\"}").contains("visibility"));
        assertTrue(refusal("{\"title\":\"t\",\"visibility\":\"public\",\"isPublic\":false}")
                .contains("disagree"));
    }

    @Test
    void wrongTypesAreRefusedNotIgnored() {
        for (String bad : new String[] {
            "{\"title\":1,\"visibility\":\"public\"}",
            "{\"title\":\"t\",\"visibility\":\"public\",\"maxParticipants\":\"3\"}",
            "{\"title\":\"t\",\"visibility\":\"public\",\"maxParticipants\":0}",
            "{\"title\":\"t\",\"visibility\":\"public\",\"maxParticipants\":2.5}",
            "{\"title\":\"t\",\"visibility\":\"public\",\"audioEnabled\":\"yes\"}"
        }) {
            assertEquals(
                    "bad-message",
                    assertThrows(SessionException.class, () -> read(bad)).code(),
                    bad);
        }
        assertEquals(
                "bad-message",
                assertThrows(SessionException.class, () -> NewSession.from((JsonObject) null))
                        .code());
    }
}
