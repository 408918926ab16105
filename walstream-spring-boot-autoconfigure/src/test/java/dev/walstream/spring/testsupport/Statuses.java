package dev.walstream.spring.testsupport;

import java.time.Instant;
import java.util.List;

import dev.walstream.Lsn;
import dev.walstream.error.ReplicationException;
import dev.walstream.stream.NegotiatedOptions;
import dev.walstream.stream.ServerInfo;
import dev.walstream.stream.SlotHealth;
import dev.walstream.stream.StreamStatus;
import dev.walstream.stream.StreamingMode;
import dev.walstream.stream.TransactionAssembler;
import org.jspecify.annotations.Nullable;

/**
 * Stream statuses and slot health for tests of monitoring.
 */
public final class Statuses {

	public static final ServerInfo SERVER = new ServerInfo(170007, "17.7", "logical", 60_000, "postgres", true, true);

	public static final NegotiatedOptions OPTIONS = new NegotiatedOptions(4, StreamingMode.ON, false, true, false, null,
			List.of("orders_pub"));

	private Statuses() {
	}

	/**
	 * A connected stream that received up to {@code received}, acknowledged {@code flushed}, told the
	 * server {@code confirmed}, and heard of the server's end of WAL at {@code walEnd}.
	 */
	public static StreamStatus status(long received, long flushed, long confirmed, long walEnd,
			@Nullable SlotHealth slot) {
		return status(received, flushed, confirmed, walEnd, slot, null, 0, new TransactionAssembler.Stats(0, 0, 0, 0, 0, 0));
	}

	public static StreamStatus status(long received, long flushed, long confirmed, long walEnd,
			@Nullable SlotHealth slot, @Nullable ReplicationException failure, long reconnects,
			TransactionAssembler.@Nullable Stats buffers) {
		return new StreamStatus("orders_slot", SERVER, OPTIONS, failure == null, Lsn.of(received), Lsn.of(flushed),
				Lsn.of(walEnd), Lsn.of(confirmed), Instant.parse("2026-01-02T03:04:05Z"), reconnects, failure, buffers,
				slot);
	}

	public static SlotHealth slot(String walStatus, long retained, @Nullable Long safeWalSize) {
		return new SlotHealth(Instant.parse("2026-01-02T03:04:06Z"), true, true, 4242, walStatus, safeWalSize, retained,
				retained / 2, Lsn.of(0x5000), null);
	}

	public static SlotHealth missingSlot() {
		return new SlotHealth(Instant.parse("2026-01-02T03:04:06Z"), false, false, null, null, null, 0, 0, Lsn.of(0x5000),
				null);
	}

}
