package org.guildhall.sockets;

import java.util.function.Consumer;

/**
 * Starts WebSocket sends with the platform class loader as the thread's context class loader.
 *
 * <p>Why: Tyrus (Payara's WebSocket implementation) re-arms the session's idle timeout on every frame it sends,
 * whatever the timeout, by scheduling a task on the container's managed scheduled executor; Payara captures the
 * caller's context for that task and looks up context providers with {@code ServiceLoader} through the context class
 * loader, which for application code is the web application's loader: a walk over every jar of the server for every
 * frame. Profiled in benchmarks/sync, that walk was a third of the server's CPU when fanning a busy document out.
 * With the platform loader the lookup stays inside the JDK. Nothing in a send needs the application's loader; the
 * completion callback gets it back before any application code runs.
 */
final class ContainerSends {

    private ContainerSends() {}

    /**
     * Calls {@code send} with the platform loader as context loader, passing it a completion callback that runs
     * {@code done} with the caller's loader (the callback may run inline, on this thread, or on a container thread).
     */
    static void start(Consumer<Consumer<Throwable>> send, Consumer<Throwable> done) {
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            send.accept(failure -> withLoader(application, () -> done.accept(failure)));
        } finally {
            thread.setContextClassLoader(application);
        }
    }

    private static void withLoader(ClassLoader loader, Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
