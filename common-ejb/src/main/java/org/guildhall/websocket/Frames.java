package org.guildhall.websocket;

import java.nio.charset.StandardCharsets;

/** The frames a server sends (RFC 6455 §5.2): unmasked, one frame per message, never fragmented. */
public final class Frames {

    /** A close frame's reason may have at most this many bytes (125 for the payload, less the code's two). */
    public static final int MAX_CLOSE_REASON_BYTES = FrameDecoder.MAX_CONTROL_PAYLOAD - 2;

    private Frames() {}

    public static byte[] binary(byte[] payload) {
        return frame(FrameDecoder.OPCODE_BINARY, payload);
    }

    public static byte[] text(String text) {
        return frame(FrameDecoder.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A ping with no payload: the client's pong, like anything else it sends, shows it is still there. */
    public static byte[] ping() {
        return frame(FrameDecoder.OPCODE_PING, new byte[0]);
    }

    public static byte[] pong(byte[] payload) {
        return frame(FrameDecoder.OPCODE_PONG, payload);
    }

    /** A close frame with this code and as much of the reason as fits, cut at a character's boundary. */
    public static byte[] close(int code, String reason) {
        byte[] text = fitReason(reason);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(FrameDecoder.OPCODE_CLOSE, payload);
    }

    private static byte[] fitReason(String reason) {
        String kept = reason == null ? "" : reason;
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);
        while (bytes.length > MAX_CLOSE_REASON_BYTES) {
            int cut = kept.offsetByCodePoints(0, kept.codePointCount(0, kept.length()) - 1);
            kept = kept.substring(0, cut);
            bytes = kept.getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    static byte[] frame(int opcode, byte[] payload) {
        int length = payload.length;
        int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[headerLength + length];
        frame[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            long wide = length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (wide >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, headerLength, length);
        return frame;
    }
}
