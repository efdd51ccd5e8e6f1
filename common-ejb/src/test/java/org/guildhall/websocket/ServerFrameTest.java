package org.guildhall.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ServerFrameTest {

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    @Test
    void aBinaryFrameIsOneUnmaskedFinalFrameWithTheShortestLength() {
        for (int[] sizes : new int[][] {{0, 2}, {125, 2}, {126, 4}, {65_535, 4}, {65_536, 10}}) {
            int length = sizes[0];
            int header = sizes[1];
            byte[] message = payload(length);
            byte[] frame = ServerFrame.binary(message).bytes();
            assertEquals(header + length, frame.length, "frame of " + length);
            assertEquals((byte) 0x82, frame[0], "FIN and the binary opcode");
            assertEquals(0, frame[1] & 0x80, "a server never masks");
            assertArrayEquals(message, Arrays.copyOfRange(frame, header, frame.length));
        }
    }

    @Test
    void theFrameIsACopySoTheMessageMayBeReused() {
        byte[] message = payload(10);
        ServerFrame frame = ServerFrame.binary(message);
        message[0] = 0;
        assertEquals(payload(10)[0], frame.bytes()[2]);
    }

    @Test
    void aTextFrameCarriesUtf8() {
        byte[] frame = ServerFrame.text("héllo 👋").bytes();
        byte[] utf8 = "héllo 👋".getBytes(StandardCharsets.UTF_8);
        assertEquals((byte) 0x81, frame[0]);
        assertEquals(utf8.length, frame[1]);
        assertArrayEquals(utf8, Arrays.copyOfRange(frame, 2, frame.length));
    }
}
