package org.guildhall.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final int MAX = 1024;

    /** What the decoder handed on, one line per event. */
    private final List<String> events = new ArrayList<>();

    private final FrameDecoder.Listener recorder = new FrameDecoder.Listener() {
        @Override
        public void binary(byte[] message) {
            events.add("binary " + hex(message));
        }

        @Override
        public void text(String message) {
            events.add("text " + message);
        }

        @Override
        public void ping(byte[] payload) {
            events.add("ping " + hex(payload));
        }

        @Override
        public void pong(byte[] payload) {
            events.add("pong " + hex(payload));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close " + code + " " + reason);
        }
    };

    private final FrameDecoder decoder = new FrameDecoder(MAX, recorder);

    private final Random random = new Random(6455);

    @Test
    void aMaskedBinaryFrameIsUnmasked() throws Exception {
        feed(clientFrame(true, 0x2, new byte[] {0, 0, 1, 0}));
        assertEquals(List.of("binary 00000100"), events);
    }

    @Test
    void framesSplitAtEveryByteAndJoinedInOneReadGiveTheSameMessages() throws Exception {
        byte[] medium = randomBytes(300); // a 16-bit length
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(clientFrame(true, 0x2, medium));
        stream.writeBytes(clientFrame(true, 0x1, "héllo 👋".getBytes(StandardCharsets.UTF_8)));
        stream.writeBytes(clientFrame(true, 0x9, new byte[] {7}));
        byte[] bytes = stream.toByteArray();
        for (byte b : bytes) {
            decoder.feed(new byte[] {b}, 0, 1);
        }
        List<String> oneByteAtATime = List.copyOf(events);
        events.clear();
        feed(bytes);
        assertEquals(List.of("binary " + hex(medium), "text héllo 👋", "ping 07"), oneByteAtATime);
        assertEquals(oneByteAtATime, events);
    }

    @Test
    void aSixtyFourBitLengthIsRead() throws Exception {
        FrameDecoder large = new FrameDecoder(1 << 20, recorder);
        byte[] payload = randomBytes(70_000);
        byte[] frame = clientFrame(true, 0x2, payload);
        assertEquals(127, frame[1] & 0x7F);
        large.feed(frame, 0, frame.length);
        assertEquals(List.of("binary " + hex(payload)), events);
    }

    @Test
    void fragmentsAreJoinedWithControlFramesBetweenThem() throws Exception {
        feed(clientFrame(false, 0x2, new byte[] {1, 2}));
        feed(clientFrame(true, 0x9, new byte[] {9}));
        feed(clientFrame(false, 0x0, new byte[] {3}));
        feed(clientFrame(true, 0x0, new byte[] {4, 5}));
        assertEquals(List.of("ping 09", "binary 0102030405"), events);
    }

    @Test
    void aCloseFrameCarriesItsCodeAndReasonAndEndsTheStream() throws Exception {
        byte[] payload = {0x03, (byte) 0xE8, 'b', 'y', 'e'};
        feed(clientFrame(true, 0x8, payload));
        feed(clientFrame(true, 0x2, new byte[] {1})); // after the close: ignored
        assertEquals(List.of("close 1000 bye"), events);
    }

    @Test
    void anEmptyCloseFrameHasNoStatus() throws Exception {
        feed(clientFrame(true, 0x8, new byte[0]));
        assertEquals(List.of("close " + CloseCodes.NO_STATUS + " "), events);
    }

    @Test
    void protocolErrorsAre1002() {
        assertCloses(CloseCodes.PROTOCOL_ERROR, serverFrame(0x2, new byte[] {1}), "unmasked");
        byte[] reserved = clientFrame(true, 0x2, new byte[] {1});
        reserved[0] |= 0x40;
        assertCloses(CloseCodes.PROTOCOL_ERROR, reserved, "RSV1");
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(true, 0x3, new byte[0]), "opcode 3");
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(true, 0x9, new byte[126]), "long ping");
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(false, 0x9, new byte[0]), "fragmented ping");
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(true, 0x0, new byte[] {1}), "lone continuation");
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(true, 0x8, new byte[] {3}), "one-byte close");
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(true, 0x8, new byte[] {0x03, (byte) 0xED}), "1005");
    }

    @Test
    void aNewMessageInsideAFragmentedOneIsAProtocolError() throws Exception {
        feed(clientFrame(false, 0x2, new byte[] {1}));
        assertCloses(CloseCodes.PROTOCOL_ERROR, clientFrame(true, 0x2, new byte[] {2}), "interleaved");
    }

    @Test
    void aFrameOverTheLimitIsRefusedFromItsHeaderAlone() {
        byte[] whole = clientFrame(true, 0x2, new byte[MAX + 1]);
        byte[] headerOnly = java.util.Arrays.copyOf(whole, 8); // 2 + 2 length + 4 mask
        assertCloses(CloseCodes.TOO_BIG, headerOnly, "header of an oversized frame");
        assertEquals(List.of(), events);
    }

    @Test
    void fragmentsOverTheLimitTogetherAreRefused() throws Exception {
        feed(clientFrame(false, 0x2, new byte[MAX - 10]));
        assertCloses(CloseCodes.TOO_BIG, clientFrame(true, 0x0, new byte[11]), "fragments together");
    }

    @Test
    void aMessageOfExactlyTheLimitPasses() throws Exception {
        feed(clientFrame(false, 0x2, new byte[MAX - 10]));
        feed(clientFrame(true, 0x0, new byte[10]));
        assertEquals(1, events.size());
    }

    @Test
    void textThatIsNotUtf8Is1007() {
        assertCloses(CloseCodes.INVALID_DATA, clientFrame(true, 0x1, new byte[] {(byte) 0xC3, 0x28}), "bad UTF-8");
    }

    @Test
    void serverFramesRoundTripThroughAClientsView() {
        byte[] payload = randomBytes(70_000);
        byte[] frame = Frames.binary(payload);
        assertEquals(0x82, frame[0] & 0xFF);
        assertEquals(127, frame[1]);
        assertArrayEquals(payload, java.util.Arrays.copyOfRange(frame, 10, frame.length));
        assertArrayEquals(new byte[] {(byte) 0x82, 4, 0, 0, 1, 0}, Frames.binary(new byte[] {0, 0, 1, 0}));
        byte[] medium = Frames.binary(new byte[300]);
        assertArrayEquals(new byte[] {(byte) 0x82, 126, 1, 44}, java.util.Arrays.copyOf(medium, 4));
    }

    @Test
    void aCloseReasonIsCutToFitAtACharacterBoundary() {
        byte[] frame = Frames.close(1008, "é".repeat(100)); // 200 bytes of UTF-8
        int length = frame[1];
        assertEquals(2 + 2 * 61, length); // the code, then 61 whole two-byte characters (122 <= 123 bytes)
        assertEquals(0x03, frame[2]);
        assertEquals((byte) 0xF0, frame[3]);
    }

    private void assertCloses(int code, byte[] bytes, String what) {
        FrameDecoder fresh = new FrameDecoder(MAX, new Collecting());
        WebSocketProtocolException thrown = assertThrows(
                WebSocketProtocolException.class,
                () -> {
                    if (what.equals("interleaved") || what.equals("fragments together")) {
                        decoder.feed(bytes, 0, bytes.length);
                    } else {
                        fresh.feed(bytes, 0, bytes.length);
                    }
                },
                what);
        assertEquals(code, thrown.closeCode(), what);
    }

    private void feed(byte[] bytes) throws WebSocketProtocolException {
        decoder.feed(bytes, 0, bytes.length);
    }

    /** A frame as a client sends it: masked with a random key. */
    private byte[] clientFrame(boolean fin, int opcode, byte[] payload) {
        byte[] key = randomBytes(4);
        byte[] unmasked = Frames.frame(opcode, payload);
        int headerLength = unmasked.length - payload.length;
        byte[] frame = new byte[unmasked.length + 4];
        System.arraycopy(unmasked, 0, frame, 0, headerLength);
        if (!fin) {
            frame[0] &= 0x7F;
        }
        frame[1] |= (byte) 0x80;
        System.arraycopy(key, 0, frame, headerLength, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[headerLength + 4 + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        return frame;
    }

    private static byte[] serverFrame(int opcode, byte[] payload) {
        return Frames.frame(opcode, payload);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }

    private static final class Collecting implements FrameDecoder.Listener {
        @Override
        public void binary(byte[] message) {}

        @Override
        public void text(String message) {}

        @Override
        public void ping(byte[] payload) {}

        @Override
        public void pong(byte[] payload) {}

        @Override
        public void close(int code, String reason) {}
    }
}
