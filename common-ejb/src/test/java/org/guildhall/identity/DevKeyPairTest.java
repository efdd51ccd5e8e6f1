package org.guildhall.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeyPairTest {

    @Test
    void everyModuleStartingAtOnceEndsUpWithTheSameKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("dev-jwt-key.pem");
        int modules = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(modules);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < modules; i++) {
                Callable<String> load = () -> {
                    start.await();
                    return DevKeyPair.loadOrCreate(file).getKeyID();
                };
                keys.add(pool.submit(load));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> key : keys) {
                distinct.add(key.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size());
        } finally {
            pool.shutdownNow();
        }
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(List.of(file), leftovers.toList(), "no temporary files are left behind");
        }
    }

    @Test
    void theKeySurvivesARestartAndOnlyItsOwnerMayReadIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dev-jwt-key.pem");
        RSAKey first = DevKeyPair.loadOrCreate(file);
        RSAKey again = DevKeyPair.loadOrCreate(file);

        assertEquals(first.toPublicJWK(), again.toPublicJWK());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
