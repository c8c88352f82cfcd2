package org.jnequip.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a long job. The JVM answers a signal by running its shutdown hooks and then
 * halting (exit status 130 after SIGINT, 143 after SIGTERM); the hook registered here raises {@link #requested()},
 * then waits up to {@code waitSeconds} for the job to end its step, close its files and report, which it signals
 * by closing this object. If the job does not get there in time, the hook prints {@code ifNotDone} on stderr,
 * so a message saying where the job stopped is printed either way.
 */
final class Interruption implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    Interruption(double waitSeconds, Supplier<String> ifNotDone) {
        hook = new Thread(() -> {
            requested.set(true);
            try {
                if (done.await((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println();
            System.err.println(ifNotDone.get());
            System.err.flush();
        }, "jnequip-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once a signal asked the process to stop. */
    boolean requested() { return requested.get(); }

    /** The job has ended (and reported); lets an interrupted process exit. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the job is done
        }
    }
}
