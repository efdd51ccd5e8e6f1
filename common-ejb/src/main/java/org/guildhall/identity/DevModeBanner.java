package org.guildhall.identity;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Says loudly, at start-up, that this server signs its own tokens: never acceptable in production. */
@Singleton
@Startup
public class DevModeBanner {

    private static final Logger LOG = Logger.getLogger(DevModeBanner.class.getName());

    @PostConstruct
    void announce() {
        if (DevMode.enabled()) {
            LOG.log(
                    Level.WARNING,
                    "DEVELOPMENT MODE IS ON ({0}=true): this server mints its own tokens at "
                            + "POST /notifications/api/dev/token for any user and group, signed with {1}. "
                            + "Never run it like this in production.",
                    new Object[] {DevMode.PROPERTY, DevMode.keyFile().toAbsolutePath()});
        }
    }
}
