package org.guildhall.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The session service's settings, each with a default; the rules themselves come from community.json. */
@ApplicationScoped
public class SessionSettings {

    @Inject
    @ConfigProperty(name = "guildhall.sessions.page-size", defaultValue = "50")
    int pageSize;

    @Inject
    @ConfigProperty(name = "guildhall.sessions.max-page-size", defaultValue = "200")
    int maxPageSize;

    public int pageSize() {
        return pageSize;
    }

    public int maxPageSize() {
        return maxPageSize;
    }
}
