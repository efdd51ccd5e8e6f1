package org.guildhall.identity;

import java.security.Principal;
import java.util.Set;

/** The caller as the verified token names them; nothing a client sends can change it. */
public record VerifiedUser(String name, Set<String> groups) implements Principal {

    public VerifiedUser {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user needs a name");
        }
        groups = Set.copyOf(groups);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean isInGroup(String group) {
        return groups.contains(group);
    }
}
