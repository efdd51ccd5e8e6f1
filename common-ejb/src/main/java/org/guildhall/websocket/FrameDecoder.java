package org.guildhall.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the frames a WebSocket client sends (RFC 6455 §5) from bytes as they arrive, in pieces of any size, and
 * hands on whole messages and control frames. Everything a client sends is untrusted: a length is checked against
 * the limit before anything is allocated for it, and any breach of the protocol ends the connection with the code
 * RFC 6455 §7.4.1 names ({@link WebSocketProtocolException}). No extension is negotiated, so the reserved bits must be
 * clear. Not thread-safe: a connection's bytes arrive one read at a time.
 */
public final class FrameDecoder {

    /** What the decoder finds. */
    public interface Listener {
        /** A whole binary message, its fragments joined. */
        void binary(byte[] message);

        /** A whole text message, checked to be UTF-8. */
        void text(String message);

        void ping(byte[] payload);

        void pong(byte[] payload);

        /**
         * The client's close frame.
         *
         * @param code its status code, or {@link CloseCodes#NO_STATUS} when it carried none
         */
        void close(int code, String reason);
    }

    static final int OPCODE_CONTINUATION = 0x0;
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PING = 0x9;
    static final int OPCODE_PONG = 0xA;

    /** A control frame's payload may have at most this many bytes (RFC 6455 §5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;

    private static final int MAX_HEADER = 14;

    private final int maxMessageBytes;
    private final Listener listener;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerRead;
    private boolean fin;
    private int opcode;
    private final byte[] mask = new byte[4];
    private byte[] payload;
    private int payloadRead;

    /** The message being assembled from fragments: its opcode, or -1 when none is open. */
    private int fragmentedOpcode = -1;

    private byte[] fragments = new byte[0];
    private int fragmentsLength;
    private boolean closed;

    /** @param maxMessageBytes the largest message, fragments joined; a larger one ends the connection with 1009 */
    public FrameDecoder(int maxMessageBytes, Listener listener) {
        this.maxMessageBytes = maxMessageBytes;
        this.listener = listener;
    }

    /**
     * Reads {@code length} bytes from {@code bytes} at {@code offset}, calling the listener for every message and
     * control frame they complete. After a close frame the rest is ignored (RFC 6455 §5.5.1).
     */
    public void feed(byte[] bytes, int offset, int length) throws WebSocketProtocolException {
        int position = offset;
        int end = offset + length;
        while (position < end && !closed) {
            if (payload == null) {
                position = readHeader(bytes, position, end);
            } else {
                int take = Math.min(end - position, payload.length - payloadRead);
                unmask(bytes, position, take);
                position += take;
                if (payloadRead == payload.length) {
                    frameComplete();
                }
            }
        }
    }

    private int readHeader(byte[] bytes, int position, int end) throws WebSocketProtocolException {
        while (position < end) {
            header[headerRead++] = bytes[position++];
            int needed = headerLength();
            if (headerRead == needed) {
                startPayload();
                return position;
            }
        }
        return position;
    }

    /** How many header bytes this frame has, as far as the bytes read so far tell (RFC 6455 §5.2). */
    private int headerLength() {
        if (headerRead < 2) {
            return 2;
        }
        int length7 = header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private void startPayload() throws WebSocketProtocolException {
        int first = header[0] & 0xFF;
        fin = (first & 0x80) != 0;
        if ((first & 0x70) != 0) {
            throw protocolError("reserved bits set without a negotiated extension");
        }
        opcode = first & 0x0F;
        if ((header[1] & 0x80) == 0) {
            throw protocolError("a client's frames must be masked");
        }
        int length7 = header[1] & 0x7F;
        long length;
        int maskAt;
        if (length7 == 126) {
            length = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
            maskAt = 4;
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFFL);
            }
            if (length < 0) {
                throw protocolError("the frame's length has its most significant bit set");
            }
            maskAt = 10;
        } else {
            length = length7;
            maskAt = 2;
        }
        System.arraycopy(header, maskAt, mask, 0, 4);
        checkOpcode(length);
        headerRead = 0;
        payloadRead = 0;
        payload = new byte[(int) length];
        if (length == 0) {
            frameComplete();
        }
    }

    private void checkOpcode(long length) throws WebSocketProtocolException {
        switch (opcode) {
            case OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG -> {
                if (!fin) {
                    throw protocolError("a control frame may not be fragmented");
                }
                if (length > MAX_CONTROL_PAYLOAD) {
                    throw protocolError("a control frame may carry at most " + MAX_CONTROL_PAYLOAD + " bytes");
                }
            }
            case OPCODE_TEXT, OPCODE_BINARY -> {
                if (fragmentedOpcode != -1) {
                    throw protocolError("a new message started before the fragmented one ended");
                }
                checkSize(length);
            }
            case OPCODE_CONTINUATION -> {
                if (fragmentedOpcode == -1) {
                    throw protocolError("a continuation frame without a message to continue");
                }
                checkSize(fragmentsLength + length);
            }
            default -> throw protocolError("unknown opcode " + opcode);
        }
    }

    private void checkSize(long messageLength) throws WebSocketProtocolException {
        if (messageLength > maxMessageBytes) {
            throw new WebSocketProtocolException(
                    CloseCodes.TOO_BIG, "a message may have at most " + maxMessageBytes + " bytes");
        }
    }

    private void unmask(byte[] bytes, int from, int count) {
        for (int i = 0; i < count; i++) {
            payload[payloadRead] = (byte) (bytes[from + i] ^ mask[payloadRead & 3]);
            payloadRead++;
        }
    }

    private void frameComplete() throws WebSocketProtocolException {
        byte[] data = payload;
        payload = null;
        switch (opcode) {
            case OPCODE_PING -> listener.ping(data);
            case OPCODE_PONG -> listener.pong(data);
            case OPCODE_CLOSE -> closeFrame(data);
            case OPCODE_TEXT, OPCODE_BINARY -> {
                if (fin) {
                    deliver(opcode, data);
                } else {
                    fragmentedOpcode = opcode;
                    append(data);
                }
            }
            default -> { // a continuation: the opcode was checked when its header was read
                append(data);
                if (fin) {
                    byte[] message = new byte[fragmentsLength];
                    System.arraycopy(fragments, 0, message, 0, fragmentsLength);
                    int messageOpcode = fragmentedOpcode;
                    fragmentedOpcode = -1;
                    fragments = new byte[0];
                    fragmentsLength = 0;
                    deliver(messageOpcode, message);
                }
            }
        }
    }

    private void append(byte[] data) {
        if (fragmentsLength + data.length > fragments.length) {
            // The total was checked against the limit, so doubling up to it stays within it.
            int grown = (int) Math.min(maxMessageBytes, Math.max(2L * fragments.length, fragmentsLength + data.length));
            byte[] larger = new byte[grown];
            System.arraycopy(fragments, 0, larger, 0, fragmentsLength);
            fragments = larger;
        }
        System.arraycopy(data, 0, fragments, fragmentsLength, data.length);
        fragmentsLength += data.length;
    }

    private void deliver(int messageOpcode, byte[] message) throws WebSocketProtocolException {
        if (messageOpcode == OPCODE_BINARY) {
            listener.binary(message);
        } else {
            listener.text(utf8(message, "a text message"));
        }
    }

    private void closeFrame(byte[] data) throws WebSocketProtocolException {
        closed = true;
        if (data.length == 0) {
            listener.close(CloseCodes.NO_STATUS, "");
            return;
        }
        if (data.length == 1) {
            throw protocolError("a close frame's status code needs two bytes");
        }
        int code = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        if (!CloseCodes.mayBeSent(code)) {
            throw protocolError("close code " + code + " may not be sent");
        }
        String reason = utf8(ByteBuffer.wrap(data, 2, data.length - 2), "a close reason");
        listener.close(code, reason);
    }

    private static String utf8(byte[] bytes, String what) throws WebSocketProtocolException {
        return utf8(ByteBuffer.wrap(bytes), what);
    }

    private static String utf8(ByteBuffer bytes, String what) throws WebSocketProtocolException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_DATA, what + " is not valid UTF-8");
        }
    }

    private static WebSocketProtocolException protocolError(String reason) {
        return new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, reason);
    }
}
