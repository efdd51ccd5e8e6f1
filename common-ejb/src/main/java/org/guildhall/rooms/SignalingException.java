package org.guildhall.rooms;

/** A message the rules refuse; the socket stays open and its sender gets {@code error {code, error}}. */
public class SignalingException extends Exception {

    private final String code;

    public SignalingException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable, machine-readable code such as {@code room-full} or {@code peer-not-found}. */
    public String code() {
        return code;
    }
}
