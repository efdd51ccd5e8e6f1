package org.guildhall.documents.yjs;

/**
 * Input that is not a well-formed Yjs v1 update (or state vector): truncated, out of range, or not what any yjs
 * encoder writes. Nothing decoded from such input is returned, so a caller can refuse the whole message.
 */
public class MalformedUpdateException extends Exception {

    private final int offset;

    public MalformedUpdateException(String reason, int offset) {
        super(offset < 0 ? reason : reason + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Where in the input the problem was found; -1 when it concerns the input as a whole. */
    public int offset() {
        return offset;
    }
}
