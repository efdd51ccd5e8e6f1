package org.guildhall.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive unless threads are deadlocked: the one state a restart fixes and waiting does not. Slow or unreachable
 * dependencies are readiness concerns and must not get the process restarted.
 */
@Liveness
@ApplicationScoped
public class DeadlockLiveness implements HealthCheck {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Resource(lookup = "java:module/ModuleName")
    String moduleName;

    @Override
    public HealthCheckResponse call() {
        long[] deadlocked = threads.findDeadlockedThreads();
        int count = deadlocked == null ? 0 : deadlocked.length;
        return HealthCheckResponse.named("threads (" + moduleName + ")")
                .withData("deadlocked", count)
                .status(count == 0)
                .build();
    }
}
