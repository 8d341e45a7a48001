package io.slowburn.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a stop request rather than a JVM shutdown: the command that asked for them finishes its own
 * close (streams, stores, log lines) on its own thread and returns its exit code, so a graceful stop exits 0 instead
 * of the 143 the JVM gives a process killed by a signal, and nothing is logged while the JVM is already going down.
 */
final class StopSignals {

    private final CountDownLatch requested = new CountDownLatch(1);

    private StopSignals() {
    }

    /** Installs the handlers; from now on SIGTERM and Ctrl-C only mark a stop as requested. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> signals.requested.countDown());
        }
        return signals;
    }

    /** Waits up to the timeout for a stop request; true when one arrived. */
    boolean await(long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }
}
