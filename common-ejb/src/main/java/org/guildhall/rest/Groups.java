package org.guildhall.rest;

/** The SSO groups Guildhall gives a meaning to (a token's {@code groups} claim). */
public final class Groups {

    public static final String ADMIN = "admin";
    public static final String MODERATOR = "moderator";

    private Groups() {}
}
