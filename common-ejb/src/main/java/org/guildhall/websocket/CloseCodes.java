package org.guildhall.websocket;

/** The close status codes this implementation sends or must recognise (RFC 6455 §7.4). */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;

    /** Never on the wire: a close frame that carried no code. */
    public static final int NO_STATUS = 1005;

    /** Never on the wire: the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;

    public static final int INVALID_DATA = 1007;
    public static final int TOO_BIG = 1009;
    public static final int UNEXPECTED_CONDITION = 1011;

    private CloseCodes() {}

    /**
     * Whether a peer may put this code in a close frame: the codes RFC 6455 defines for the wire, those IANA has
     * registered since (1012–1014), and those for libraries and applications (3000–4999).
     */
    public static boolean mayBeSent(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
