package org.guildhall.identity;

/** A token that is missing, malformed, unsigned, badly signed, expired or meant for someone else. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
