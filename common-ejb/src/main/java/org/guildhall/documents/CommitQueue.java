package org.guildhall.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: items offered from many threads are handed, in the order offered, to one writer thread in
 * batches, so that updates arriving while a commit is under way share the next commit instead of each paying for
 * its own. A socket's reading thread only enqueues; it never waits for the database.
 *
 * @param <T> what is written
 */
public final class CommitQueue<T> {

    private static final Logger LOG = Logger.getLogger(CommitQueue.class.getName());

    private final BlockingQueue<T> queue;
    private final Consumer<List<T>> writer;
    private final Runnable exit;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param threads makes the one writer thread (a container-managed factory in a server)
     * @param writer writes one batch; it must deal with its own failures (it is not told twice)
     * @param exit run by the writer thread as it stops, after its last batch: where it gives back what it kept for
     *     its batches (another thread could not know that no batch is under way)
     * @param maxBatch the most items in one batch
     * @param capacity the most items waiting; beyond it {@link #offer} refuses
     */
    public CommitQueue(
            ThreadFactory threads, String name, Consumer<List<T>> writer, Runnable exit, int maxBatch, int capacity) {
        if (maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("a commit queue takes at least one item");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = writer;
        this.exit = exit;
        this.maxBatch = maxBatch;
        this.thread = threads.newThread(this::run);
        thread.setName(name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an item for the next batch; false when the queue is full (the database is not keeping up). */
    public boolean offer(T item) {
        return !stopped && queue.offer(item);
    }

    /** Items waiting for a batch. */
    public int backlog() {
        return queue.size();
    }

    /** Stops the writer once the batch it is writing is done; what still waits is not written. */
    public void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void run() {
        try {
            writeUntilStopped();
        } finally {
            try {
                exit.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A commit queue's writer failed as it stopped", e);
            }
        }
    }

    private void writeUntilStopped() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (!stopped) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return; // stopped
            }
            queue.drainTo(batch, maxBatch - 1);
            try {
                writer.accept(batch);
            } catch (RuntimeException e) {
                // The writer handles its failures; this keeps a bug in it from stopping every later commit.
                LOG.log(Level.SEVERE, "A batch of " + batch.size() + " could not be written", e);
            }
            batch = new ArrayList<>(maxBatch);
        }
    }
}
