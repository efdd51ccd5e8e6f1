package org.guildhall.rest;

/**
 * A request a service's rules refuse: a stable, machine-readable code (the same a socket sends) and the HTTP status
 * a REST caller gets. {@link RuleRefusals} turns it into the usual {@code {code, error}} body.
 */
public abstract class RuleRefusal extends Exception {

    private final String code;
    private final int status;

    protected RuleRefusal(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
