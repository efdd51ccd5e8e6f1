package org.guildhall.rest;

import jakarta.ws.rs.ForbiddenException;
import java.util.Set;

/** Group checks for REST calls: the groups are the token's {@code groups} claim. */
public final class Groups {

    public static final String ADMIN = "admin";
    public static final String MODERATOR = "moderator";

    private Groups() {}

    /** Refuses with 403 unless the caller is in one of the groups. */
    public static void requireAny(Set<String> callerGroups, String... allowed) {
        for (String group : allowed) {
            if (callerGroups.contains(group)) {
                return;
            }
        }
        throw new ForbiddenException("this call is for " + String.join(" or ", allowed) + " only");
    }
}
