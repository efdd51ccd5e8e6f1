package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wire behaviour of {@code ws://host/sync/{document}} as RFC 6455 defines it, spoken byte by byte over a plain
 * TCP socket ({@link RawWebSocket}): the opening handshake and its refusals, masking, reserved bits, opcodes, control
 * frames, fragmentation, the message limit, UTF-8 text, the closing handshake, and that one client's bad frames leave
 * the document's other clients undisturbed.
 */
class SyncWebSocketFramingIT extends OnPayaraMicro {

    /** Sync step 1 with the state vector of an empty document: what the server sends first, and what we ask with. */
    static final byte[] EMPTY_STEP_1 = {0, 0, 1, 0};

    /** Sync step 2 with the empty update: the server's answer to {@link #EMPTY_STEP_1} for an empty document. */
    static final byte[] EMPTY_STEP_2 = {0, 1, 2, 0, 0};

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PING = 0x9;
    static final int OPCODE_PONG = 0xA;

    private static final int RSV1 = 0x4;

    private static final int NORMAL_CLOSURE = 1000;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;
    private static final int MESSAGE_TOO_BIG = 1009;

    private static final int MAX = TestIdentityProvider.SYNC_MAX_MESSAGE_BYTES;

    private final String document = "framing-" + UUID.randomUUID();
    private final List<RawWebSocket> opened = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        opened.forEach(RawWebSocket::closeQuietly);
    }

    @Test
    void theHandshakeIsAcceptedWithTheKeysDigestAndTheFirstFrameIsAnUnmaskedStep1() throws Exception {
        RawWebSocket socket = open(tokenPath("alice"), Map.of());

        assertEquals(101, socket.status(), socket.head());
        assertEquals("websocket", socket.header("Upgrade").toLowerCase(Locale.ROOT), socket.head());
        assertTrue(
                Arrays.stream(socket.header("Connection").split(","))
                        .anyMatch(token -> token.strip().equalsIgnoreCase("upgrade")),
                socket.head());
        assertEquals(RawWebSocket.expectedAccept(socket.key()), socket.header("Sec-WebSocket-Accept"), socket.head());
        assertNull(socket.header("Sec-WebSocket-Extensions"), "no extension was offered: " + socket.head());

        RawWebSocket.Frame first = socket.readFrame();
        assertTrue(first.fin(), first.toString());
        assertEquals(0, first.rsv(), first.toString());
        assertFalse(first.masked(), "a server must not mask its frames: " + first);
        assertEquals(OPCODE_BINARY, first.opcode(), first.toString());
        assertArrayEquals(EMPTY_STEP_1, first.payload(), first.toString());
    }

    @Test
    void aTokenOfferedAsSubprotocolIsAcceptedAndTheAccessTokenProtocolChosen() throws Exception {
        RawWebSocket socket = open(
                "/sync/" + document,
                Map.of("Sec-WebSocket-Protocol", "access_token, " + TestIdentityProvider.token("alice")));

        assertEquals(101, socket.status(), socket.head());
        assertEquals("access_token", socket.header("Sec-WebSocket-Protocol"), socket.head());
        assertArrayEquals(EMPTY_STEP_1, socket.readFrame().payload());
    }

    @Test
    void aHandshakeWithoutATokenIsRefusedWith401() throws Exception {
        RawWebSocket socket = open("/sync/" + document, Map.of());

        assertEquals(401, socket.status(), socket.head());
        assertNull(socket.header("Sec-WebSocket-Accept"), socket.head());
    }

    @Test
    void aHandshakeForAnotherWebSocketVersionIsRefusedWith426Naming13() throws Exception {
        RawWebSocket socket = open(tokenPath("alice"), Map.of("Sec-WebSocket-Version", "8"));

        assertEquals(426, socket.status(), socket.head());
        assertEquals("13", socket.header("Sec-WebSocket-Version"), socket.head());
        assertNull(socket.header("Sec-WebSocket-Accept"), socket.head());
    }

    @Test
    void aDocumentNameWithControlCharactersIsRefusedBeforeTheUpgrade() throws Exception {
        RawWebSocket socket = open("/sync/bad%01name?access_token=" + TestIdentityProvider.token("alice"), Map.of());

        assertEquals(400, socket.status(), socket.head());
        assertNull(socket.header("Sec-WebSocket-Accept"), socket.head());
    }

    @Test
    void aPlainHttpRequestToADocumentIsToldToUpgrade() throws Exception {
        var response = client().get("/sync/" + document);

        assertEquals(426, response.statusCode(), response.body());
        assertEquals(
                "13", response.headers().firstValue("Sec-WebSocket-Version").orElse(null));
        assertTrue(response.body().contains("\"code\""), response.body());
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayloadAndTheSocketKeepsWorking() throws Exception {
        RawWebSocket socket = connected("alice");
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);

        socket.send(true, 0, OPCODE_PING, true, hello);

        RawWebSocket.Frame pong = socket.readFrame();
        assertEquals(OPCODE_PONG, pong.opcode(), pong.toString());
        assertTrue(pong.fin(), pong.toString());
        assertFalse(pong.masked(), pong.toString());
        assertArrayEquals(hello, pong.payload(), pong.toString());
        assertStep1Answered(socket);
    }

    @Test
    void aFragmentedMessageWithAPingBetweenItsFragmentsIsJoinedAndThePingAnswered() throws Exception {
        RawWebSocket socket = connected("alice");
        byte[] between = "between".getBytes(StandardCharsets.US_ASCII);

        socket.send(false, 0, OPCODE_BINARY, true, new byte[] {0});
        socket.send(true, 0, OPCODE_PING, true, between);
        socket.send(false, 0, OPCODE_CONTINUATION, true, new byte[] {0, 1});
        socket.send(true, 0, OPCODE_CONTINUATION, true, new byte[] {0});

        // The pong answers a frame read before the message completed; the order of the two is not the point here.
        RawWebSocket.Frame one = socket.readFrame();
        RawWebSocket.Frame two = socket.readFrame();
        RawWebSocket.Frame pong = one.opcode() == OPCODE_PONG ? one : two;
        RawWebSocket.Frame step2 = one.opcode() == OPCODE_PONG ? two : one;
        assertEquals(OPCODE_PONG, pong.opcode(), one + " then " + two);
        assertArrayEquals(between, pong.payload(), pong.toString());
        assertEquals(OPCODE_BINARY, step2.opcode(), one + " then " + two);
        assertArrayEquals(EMPTY_STEP_2, step2.payload(), step2.toString());
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolErrorAndTheConnectionEnds() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, 0, OPCODE_BINARY, false, EMPTY_STEP_1);

        assertEquals(PROTOCOL_ERROR, socket.readClose().closeCode());
        // Without our close frame in answer: the server drops the connection by itself.
        socket.assertConnectionEnds();
    }

    @Test
    void aReservedBitWithoutANegotiatedExtensionIsAProtocolError() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, RSV1, OPCODE_BINARY, true, EMPTY_STEP_1);

        assertEquals(PROTOCOL_ERROR, socket.readClose().closeCode());
    }

    @Test
    void anUnknownOpcodeIsAProtocolError() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, 0, 0x3, true, EMPTY_STEP_1);

        assertEquals(PROTOCOL_ERROR, socket.readClose().closeCode());
    }

    @Test
    void aControlFrameOver125BytesIsAProtocolError() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, 0, OPCODE_PING, true, new byte[126]);

        assertEquals(PROTOCOL_ERROR, socket.readClose().closeCode());
    }

    @Test
    void aContinuationFrameWithoutAMessageStartedIsAProtocolError() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, 0, OPCODE_CONTINUATION, true, EMPTY_STEP_1);

        assertEquals(PROTOCOL_ERROR, socket.readClose().closeCode());
    }

    @Test
    void aFrameDeclaringMoreThanTheLimitIsClosedWith1009BeforeItsPayloadArrives() throws Exception {
        RawWebSocket socket = connected("alice");

        // Only the header and the first kilobyte of a frame one byte over the limit: the rest never comes.
        socket.sendTruncated(true, OPCODE_BINARY, MAX + 1, new byte[1024]);

        assertEquals(MESSAGE_TOO_BIG, socket.readClose().closeCode());
    }

    @Test
    void aFragmentedMessageOverTheLimitIsClosedWith1009() throws Exception {
        RawWebSocket socket = connected("alice");
        int firstFragment = MAX / 2 + 1;

        // Each fragment is within the limit; together they are one byte over it.
        socket.send(false, 0, OPCODE_BINARY, true, new byte[firstFragment]);
        socket.sendTruncated(true, OPCODE_CONTINUATION, MAX - firstFragment + 1, new byte[1024]);

        assertEquals(MESSAGE_TOO_BIG, socket.readClose().closeCode());
    }

    @Test
    void aTextMessageIsRefusedWithPermissionDeniedAndTheSocketStaysOpen() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, 0, OPCODE_TEXT, true, "hello".getBytes(StandardCharsets.UTF_8));

        RawWebSocket.Frame refusal = socket.readFrame();
        assertEquals(OPCODE_BINARY, refusal.opcode(), refusal.toString());
        byte[] message = refusal.payload();
        assertTrue(message.length > 2, refusal.toString());
        assertEquals(2, message[0], "message type auth: " + refusal);
        assertEquals(0, message[1], "auth: permission denied: " + refusal);
        String reason = RawWebSocket.varString(message, 2);
        assertFalse(reason.isBlank(), refusal.toString());
        assertStep1Answered(socket);
    }

    @Test
    void aTextMessageThatIsNoUtf8IsClosedWith1007() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.send(true, 0, OPCODE_TEXT, true, new byte[] {(byte) 0xC3, 0x28});

        assertEquals(INVALID_PAYLOAD, socket.readClose().closeCode());
    }

    @Test
    void aClientsCloseIsAnsweredWithItsCodeAndTheConnectionEnds() throws Exception {
        RawWebSocket socket = connected("alice");

        socket.sendClose(NORMAL_CLOSURE, "bye");

        RawWebSocket.Frame answer = socket.readClose();
        assertEquals(NORMAL_CLOSURE, answer.closeCode(), answer.toString());
        assertFalse(answer.masked(), answer.toString());
        socket.assertConnectionEnds();
    }

    @Test
    void oneClientsBadFramesLeaveTheDocumentsOtherClientsUndisturbed() throws Exception {
        RawWebSocket wellBehaved = connected("alice");
        RawWebSocket broken = connected("mallory");

        broken.send(true, 0, OPCODE_BINARY, false, EMPTY_STEP_1);
        assertEquals(PROTOCOL_ERROR, broken.readClose().closeCode());

        assertStep1Answered(wellBehaved);
    }

    private static void assertStep1Answered(RawWebSocket socket) throws IOException {
        socket.send(true, 0, OPCODE_BINARY, true, EMPTY_STEP_1);
        RawWebSocket.Frame step2 = socket.readFrame();
        assertEquals(OPCODE_BINARY, step2.opcode(), step2.toString());
        assertArrayEquals(EMPTY_STEP_2, step2.payload(), step2.toString());
    }

    private String tokenPath(String user) {
        return "/sync/" + document + "?access_token=" + TestIdentityProvider.token(user);
    }

    private RawWebSocket open(String path, Map<String, String> headers) throws IOException {
        RawWebSocket socket = RawWebSocket.open(port(), path, headers);
        opened.add(socket);
        return socket;
    }

    /** A socket on this test's document whose handshake succeeded and whose first frame, the step 1, is read. */
    private RawWebSocket connected(String user) throws IOException {
        RawWebSocket socket = open(tokenPath(user), Map.of());
        assertEquals(101, socket.status(), socket.head());
        RawWebSocket.Frame first = socket.readFrame();
        assertEquals(OPCODE_BINARY, first.opcode(), first.toString());
        assertArrayEquals(EMPTY_STEP_1, first.payload(), first.toString());
        return socket;
    }

    /**
     * A WebSocket client written out byte by byte over a plain TCP socket, so that a test can send what no real
     * client would (unmasked frames, reserved bits, unknown opcodes, lengths it never delivers) and see exactly what
     * the server answers. Every read waits at most {@link Client#TIMEOUT}.
     */
    static final class RawWebSocket {

        private static final String KEY_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
        private static final SecureRandom RANDOM = new SecureRandom();

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String key;
        private final String head;
        private final int status;
        private final Map<String, String> headers;

        private RawWebSocket(
                Socket socket,
                InputStream in,
                OutputStream out,
                String key,
                String head,
                int status,
                Map<String, String> headers) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.key = key;
            this.head = head;
            this.status = status;
            this.headers = headers;
        }

        /**
         * Sends the opening handshake for {@code path} (version 13 and a fresh key, unless {@code extraHeaders}
         * replaces them) and reads the answer's status line and headers, leaving the socket at the first frame.
         */
        static RawWebSocket open(int port, String path, Map<String, String> extraHeaders) throws IOException {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            Map<String, String> request = new LinkedHashMap<>();
            request.put("Host", "localhost:" + port);
            request.put("Upgrade", "websocket");
            request.put("Connection", "Upgrade");
            request.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
            request.put("Sec-WebSocket-Version", "13");
            request.putAll(extraHeaders);
            StringBuilder text = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            request.forEach((name, value) ->
                    text.append(name).append(": ").append(value).append("\r\n"));
            text.append("\r\n");

            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("localhost", port), (int) Client.TIMEOUT.toMillis());
                socket.setSoTimeout((int) Client.TIMEOUT.toMillis());
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                String head = readHead(in);
                String[] lines = head.split("\r\n");
                String[] statusLine = lines[0].split(" ", 3);
                if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                    throw new AssertionError("no HTTP status line: " + head);
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.merge(
                                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).strip(),
                                (first, second) -> first + ", " + second);
                    }
                }
                return new RawWebSocket(
                        socket,
                        in,
                        out,
                        request.get("Sec-WebSocket-Key"),
                        head,
                        Integer.parseInt(statusLine[1]),
                        headers);
            } catch (IOException | RuntimeException | Error e) {
                socket.close();
                throw e;
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0; // the last four bytes read, the newest lowest
            while (last4 != 0x0D0A0D0A) {
                int b = readByte(in, "the handshake's answer");
                if (b < 0) {
                    throw new AssertionError("the server closed during the handshake after: "
                            + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
                last4 = (last4 << 8) | b;
                if (head.size() > 65_536) {
                    throw new AssertionError("a handshake answer of more than 64 KiB");
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        /** The {@code Sec-WebSocket-Accept} RFC 6455 §4.2.2 requires for {@code key}. */
        static String expectedAccept(String key) {
            try {
                return Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-1")
                                .digest((key + KEY_GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        String key() {
            return key;
        }

        /** The answer's status line and headers, for assertion messages. */
        String head() {
            return head;
        }

        int status() {
            return status;
        }

        /** A header of the answer (several of one name joined with commas), or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /**
         * Sends one frame.
         *
         * @param rsv the three reserved bits, RSV1 as 4, RSV2 as 2, RSV3 as 1
         * @param masked whether to mask it with a random key, as a client must
         */
        void send(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) throws IOException {
            byte[] maskKey = masked ? maskKey() : null;
            ByteArrayOutputStream frame = header(fin, rsv, opcode, maskKey, payload.length);
            frame.write(masked ? mask(payload, maskKey) : payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        /**
         * Sends, in one write, the header of a masked frame declaring {@code declaredLength} bytes and only
         * {@code partial} of them.
         */
        void sendTruncated(boolean fin, int opcode, long declaredLength, byte[] partial) throws IOException {
            byte[] maskKey = maskKey();
            ByteArrayOutputStream frame = header(fin, 0, opcode, maskKey, declaredLength);
            frame.write(mask(partial, maskKey));
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Sends a masked close frame with {@code code} and {@code reason}. */
        void sendClose(int code, String reason) throws IOException {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + text.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            send(true, 0, OPCODE_CLOSE, true, payload);
        }

        private static ByteArrayOutputStream header(boolean fin, int rsv, int opcode, byte[] maskKey, long length) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF));
            int maskBit = maskKey != null ? 0x80 : 0;
            if (length <= 125) {
                header.write(maskBit | (int) length);
            } else if (length <= 0xFFFF) {
                header.write(maskBit | 126);
                header.write((int) (length >> 8) & 0xFF);
                header.write((int) length & 0xFF);
            } else {
                header.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    header.write((int) (length >> shift) & 0xFF);
                }
            }
            if (maskKey != null) {
                header.writeBytes(maskKey);
            }
            return header;
        }

        private static byte[] maskKey() {
            byte[] maskKey = new byte[4];
            do {
                RANDOM.nextBytes(maskKey);
            } while (maskKey[0] == 0 && maskKey[1] == 0 && maskKey[2] == 0 && maskKey[3] == 0);
            return maskKey;
        }

        private static byte[] mask(byte[] payload, byte[] maskKey) {
            byte[] masked = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                masked[i] = (byte) (payload[i] ^ maskKey[i % 4]);
            }
            return masked;
        }

        /** One frame the server sent. */
        record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

            /** A close frame's status code, or -1 when it carries none. */
            int closeCode() {
                return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            }

            String closeReason() {
                return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
            }

            @Override
            public String toString() {
                String shown = payload.length > 64
                        ? HexFormat.ofDelimiter(" ").formatHex(payload, 0, 64) + " ... (" + payload.length + " bytes)"
                        : HexFormat.ofDelimiter(" ").formatHex(payload);
                return "frame(fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", masked=" + masked
                        + (opcode == OPCODE_CLOSE ? ", code=" + closeCode() + ", reason=" + closeReason() : "")
                        + ", payload=[" + shown + "])";
            }
        }

        /** The next frame the server sends, waiting at most {@link Client#TIMEOUT}. */
        Frame readFrame() throws IOException {
            Frame frame = readFrameOrEnd();
            if (frame == null) {
                throw new AssertionError("the server ended the connection where a frame was expected");
            }
            return frame;
        }

        /** The next frame, or null when the server ends the connection instead; waits at most {@link Client#TIMEOUT}. */
        Frame readFrameOrEnd() throws IOException {
            int first = readByte(in, "a frame");
            if (first < 0) {
                return null;
            }
            int second = readFully(1)[0] & 0xFF;
            long length = second & 0x7F;
            if (length == 126) {
                byte[] extended = readFully(2);
                length = ((extended[0] & 0xFFL) << 8) | (extended[1] & 0xFFL);
            } else if (length == 127) {
                byte[] extended = readFully(8);
                length = 0;
                for (byte b : extended) {
                    length = (length << 8) | (b & 0xFFL);
                }
            }
            boolean masked = (second & 0x80) != 0;
            byte[] maskKey = masked ? readFully(4) : null;
            if (length > 16L * 1024 * 1024) {
                throw new AssertionError("a server frame of " + length + " bytes");
            }
            byte[] payload = readFully((int) length);
            return new Frame(
                    (first & 0x80) != 0,
                    (first >> 4) & 0x7,
                    first & 0xF,
                    masked,
                    masked ? mask(payload, maskKey) : payload);
        }

        /** The next frame, which must be a close frame. */
        Frame readClose() throws IOException {
            Frame frame = readFrame();
            assertEquals(OPCODE_CLOSE, frame.opcode(), "a close frame was expected: " + frame);
            assertFalse(frame.masked(), frame.toString());
            return frame;
        }

        /** Nothing more comes, and the server ends the TCP connection (a read returns -1) within the timeout. */
        void assertConnectionEnds() throws IOException {
            int next = readByte(in, "the end of the connection");
            if (next >= 0) {
                byte[] rest = in.readNBytes(Math.min(in.available(), 64));
                throw new AssertionError(
                        "more bytes instead of the end of the connection: " + String.format("%02x ", next)
                                + HexFormat.ofDelimiter(" ").formatHex(rest));
            }
        }

        private byte[] readFully(int length) throws IOException {
            byte[] bytes = new byte[length];
            int read = 0;
            while (read < length) {
                int n;
                try {
                    n = in.read(bytes, read, length - read);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a frame stopped part way for " + Client.TIMEOUT, e);
                }
                if (n < 0) {
                    throw new AssertionError("the server ended the connection in the middle of a frame");
                }
                read += n;
            }
            return bytes;
        }

        private static int readByte(InputStream in, String what) throws IOException {
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing within " + Client.TIMEOUT + " while waiting for " + what, e);
            }
        }

        /** The y-protocols varString at {@code offset}: a varuint byte length, then UTF-8. */
        static String varString(byte[] message, int offset) {
            long length = 0;
            int shift = 0;
            int position = offset;
            while (true) {
                if (position >= message.length || shift > 35) {
                    throw new AssertionError(
                            "no varuint at " + offset + " in " + HexFormat.of().formatHex(message));
                }
                int b = message[position++] & 0xFF;
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            assertEquals(
                    message.length - position,
                    length,
                    "varString length in " + HexFormat.of().formatHex(message));
            return new String(message, position, (int) length, StandardCharsets.UTF_8);
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }
}
