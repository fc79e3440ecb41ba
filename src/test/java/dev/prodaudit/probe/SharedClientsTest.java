package dev.prodaudit.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedClientsTest {

    @Test
    void aModelStillBeingBuiltDoesNotHoldUpOtherClients() throws Exception {
        try (SharedClients clients = new SharedClients()) {
            CountDownLatch building = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> clients.get("source-index", String.class, () -> {
                building.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "index";
            }));
            building.await();
            // Before the fix this call waited on the table's lock for as long as the index took to build.
            assertEquals("client", clients.get("http:https://api.example.test", String.class, () -> "client"));
            release.countDown();
            assertEquals("index", slow.get());
        }
    }

    @Test
    void eachKeyIsBuiltOnceAndAFailedBuildIsTriedAgain() {
        try (SharedClients clients = new SharedClients()) {
            AtomicInteger builds = new AtomicInteger();
            Object first = clients.get("k", Object.class, () -> {
                builds.incrementAndGet();
                return new Object();
            });
            assertSame(first, clients.get("k", Object.class, Object::new));
            assertEquals(1, builds.get());
            assertThrows(IllegalStateException.class, () -> clients.get("bad", String.class, () -> {
                throw new IllegalStateException("refused");
            }));
            assertEquals("ok", clients.get("bad", String.class, () -> "ok"));
        }
    }
}
