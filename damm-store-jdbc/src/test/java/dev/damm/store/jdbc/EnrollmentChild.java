package dev.damm.store.jdbc;

import dev.damm.core.model.Device;
import dev.damm.core.store.InstallPass;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link DurabilityTest}: enrolls devices on several threads until it is
 * killed, printing {@code ACK <deviceId> <publicKey>} only after each enrollment's transaction
 * has committed. Arguments: JDBC URL, user, number of threads, first device number.
 */
public final class EnrollmentChild {
    private EnrollmentChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int threads = Integer.parseInt(args[2]);
        AtomicLong next = new AtomicLong(Long.parseLong(args[3]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        JdbcStore store = JdbcStore.open(JdbcStoreConfig.builder(url).user(user).poolSize(threads).build());
        StoreEnrollmentFixture.seed(store);
        out.println("READY");
        out.flush();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (true) {
                    long n = next.getAndIncrement();
                    Instant now = Instant.now();
                    InstallPass pass = StoreEnrollmentFixture.mintPass(store, n, now);
                    Device d = StoreEnrollmentFixture.enroll(store, pass.secretHash(), n, now);
                    synchronized (out) {
                        out.println("ACK " + d.id() + " " + d.publicKey());
                        out.flush();
                    }
                }
            }, "enroll-" + t);
            worker.setUncaughtExceptionHandler((thread, e) -> {
                // A failed worker must end the process, so the test sees it instead of waiting.
                e.printStackTrace();
                Runtime.getRuntime().halt(2);
            });
            worker.start();
        }
        Thread.currentThread().join();
    }
}
