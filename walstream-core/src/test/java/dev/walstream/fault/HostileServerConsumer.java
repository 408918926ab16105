package dev.walstream.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;

/**
 * The consumer of {@link HostileServerIT}'s oversized-message cases, run in a JVM with a small heap:
 * streams until the first failure and prints {@code FAILED after <ms> ms: <exception>}, the time
 * counted from the start of streaming (or {@code NO FAILURE}).
 *
 * <p>Arguments: host, port, database, slot, spill directory.
 */
public final class HostileServerConsumer {

	private HostileServerConsumer() {
	}

	public static void main(String[] args) {
		ReplicationStreamConfig config = LedgerConsumer.config(args[3], Path.of(args[4]))
			.serverTimeout(Duration.ofSeconds(3))
			.build();
		long start = System.nanoTime();
		try (LogicalReplicationStream stream = LogicalReplicationStream
			.open(LedgerConsumer.connection(args[0], Integer.parseInt(args[1]), args[2]), config)) {
			stream.initialize();
			stream.start(null);
			System.out.println("STARTED");
			start = System.nanoTime();
			while (stream.nextEvent(Duration.ofSeconds(20)) != null) {
				// nothing valid is expected
			}
			System.out.println("NO FAILURE");
		}
		catch (Throwable ex) {
			System.out.println("FAILED after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + ex);
		}
	}

}
