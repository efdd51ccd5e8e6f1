package org.guildhall.websocket;

/**
 * A message framed as the server sends it, encoded once. Server frames are not masked (RFC 6455 §5.1), so the
 * bytes are the same for every client: a broadcast frames its message once and hands the same frame to each
 * socket instead of copying it per socket. Immutable; nobody writes into the bytes after framing.
 */
public final class ServerFrame {

    private final byte[] bytes;

    private ServerFrame(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ServerFrame binary(byte[] message) {
        return new ServerFrame(Frames.binary(message));
    }

    public static ServerFrame text(String message) {
        return new ServerFrame(Frames.text(message));
    }

    /** The frame's bytes, header included: the socket writes them as they are. */
    byte[] bytes() {
        return bytes;
    }
}
