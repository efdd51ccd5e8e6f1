package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommitQueueTest {

    private final List<CommitQueue<?>> queues = new ArrayList<>();

    @AfterEach
    void stop() {
        queues.forEach(CommitQueue::stop);
    }

    private <T> CommitQueue<T> queue(java.util.function.Consumer<List<T>> writer, int maxBatch, int capacity) {
        CommitQueue<T> queue = new CommitQueue<>(Thread::new, "test writer", writer, () -> {}, maxBatch, capacity);
        queues.add(queue);
        return queue;
    }

    @Test
    void everyItemIsWrittenOnceInOrderByOneWriterAtATime() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        List<int[]> written = new ArrayList<>();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(producers * perProducer);
        CommitQueue<int[]> queue = queue(
                batch -> {
                    if (writers.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    written.addAll(batch); // safe only because writers never overlap, which is asserted
                    writers.decrementAndGet();
                    batch.forEach(item -> all.countDown());
                },
                16,
                producers * perProducer);
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    assertTrue(queue.offer(new int[] {producer, i}));
                }
            });
            threads[p].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "every item is written");
        assertEquals(0, overlaps.get(), "batches never overlap");
        assertEquals(producers * perProducer, written.size());
        int[] next = new int[producers];
        for (int[] item : written) {
            assertEquals(next[item[0]]++, item[1], "each producer's items keep their order");
        }
        assertEquals(0, queue.backlog());
    }

    @Test
    void itemsOfferedDuringACommitShareTheNextOne() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        List<Integer> batchSizes = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        CommitQueue<Integer> queue = queue(
                batch -> {
                    synchronized (batchSizes) {
                        batchSizes.add(batch.size());
                    }
                    firstCommitStarted.countDown();
                    awaitInWriter(releaseFirstCommit);
                    done.countDown();
                },
                64,
                100);
        queue.offer(0);
        assertTrue(firstCommitStarted.await(10, TimeUnit.SECONDS));
        for (int i = 1; i <= 10; i++) {
            queue.offer(i);
        }
        releaseFirstCommit.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 10), batchSizes);
    }

    @Test
    void aFullQueueRefusesInsteadOfGrowing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CommitQueue<Integer> queue = queue(
                batch -> {
                    started.countDown();
                    awaitInWriter(release);
                },
                1,
                2);
        assertTrue(queue.offer(1));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(queue.offer(2));
        assertTrue(queue.offer(3));
        assertFalse(queue.offer(4), "two items already wait");
        release.countDown();
    }

    @Test
    void theWriterThreadRunsItsExitAfterItsLastBatch() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        CountDownLatch exited = new CountDownLatch(1);
        Thread[] writerThread = new Thread[1];
        CommitQueue<Integer> queue = new CommitQueue<>(
                Thread::new,
                "test writer",
                batch -> {
                    writerThread[0] = Thread.currentThread();
                    writing.countDown();
                    awaitInWriter(release);
                    synchronized (seen) {
                        seen.add("batch");
                    }
                },
                () -> {
                    synchronized (seen) {
                        seen.add(Thread.currentThread() == writerThread[0] ? "exit on the writer" : "exit elsewhere");
                    }
                    exited.countDown();
                },
                1,
                10);
        queue.offer(1);
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        queue.stop();
        release.countDown();
        assertTrue(exited.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("batch", "exit on the writer"), seen);
    }

    /** Waits inside a writer; an interrupt (the queue stopping) ends the wait and is kept for the queue to see. */
    private static void awaitInWriter(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
