package dev.walstream.stream;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;

import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;

/**
 * Consumes one large transaction in a JVM of its own with a small heap, for
 * {@link LargeTransactionIT}: prints {@code STARTED} once streaming, then {@code OK <rows> <peak
 * heap bytes>} when every row arrived in order, and exits 1 on anything else.
 */
public final class LargeTransactionConsumer {

	private LargeTransactionConsumer() {
	}

	public static void main(String[] args) {
		ConnectionConfig connection = ConnectionConfig.builder()
			.host(args[0])
			.port(Integer.parseInt(args[1]))
			.database(args[2])
			.user(args[3])
			.password(args[4])
			.build();
		int expected = Integer.parseInt(args[7]);
		ReplicationStreamConfig config = ReplicationStreamConfig.builder(args[5], "pub")
			.streaming(StreamingMode.ON)
			.spillDirectory(Path.of(args[6]))
			.spillThresholdBytes(16L * 1024 * 1024)
			.build();
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection, config)) {
			stream.start(null);
			System.out.println("STARTED");
			int next = 1;
			while (next <= expected) {
				ChangeEvent event = stream.nextEvent(Duration.ofMinutes(2));
				if (event == null) {
					System.out.println("TIMEOUT at row " + next);
					System.exit(1);
				}
				if (event.eventType() instanceof EventType.Insert insert) {
					int id = insert.data().get("id", Integer.class);
					if (id != next) {
						System.out.println("OUT OF ORDER: expected " + next + " got " + id);
						System.exit(1);
					}
					insert.data().get("payload");
					next++;
				}
			}
			System.out.println("OK " + (next - 1) + " " + peakHeap() + " " + stream.status().buffers());
		}
		catch (RuntimeException ex) {
			ex.printStackTrace(System.out);
			System.exit(1);
		}
	}

	private static long peakHeap() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak;
	}

}
