package dev.walstream.benchmarks.e2e;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.logical.ChainedLogicalStreamBuilder;

/**
 * The Java transport floor: pgjdbc's {@link PGReplicationStream#read()} in a loop, bytes only. It
 * looks at the first byte of each message to count changes and find commits, acknowledges each
 * commit's position (sent by pgjdbc every second, {@code withAutomaticFlush(false)}), and decodes
 * nothing else.
 *
 * <p>Polling instead of blocking ({@code readPending()}, and a park of 20 to 500 µs when nothing is
 * there, as walstream's stream does) shows what the reading pattern alone is worth: a blocking read
 * wakes the reader for every few messages, and on two cores shared with the walsender those
 * wake-ups slow the server down.
 */
final class PgJdbcRawConsumer implements ReplicationConsumer {

	private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	private final boolean poll;

	PgJdbcRawConsumer(boolean poll) {
		this.poll = poll;
	}

	@Override
	public ConsumerResult consume(ConsumerTarget target) throws Exception {
		Meter meter = new Meter(target);
		Properties properties = new Properties();
		PGProperty.USER.set(properties, target.user());
		PGProperty.PASSWORD.set(properties, target.password());
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		long changes = 0;
		long bytes = 0;
		long commitMicros = 0;
		try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), properties)) {
			ChainedLogicalStreamBuilder builder = connection.unwrap(PGConnection.class)
				.getReplicationAPI()
				.replicationStream()
				.logical()
				.withSlotName(target.slot())
				.withSlotOption("proto_version", "1")
				.withSlotOption("publication_names", target.publication())
				.withStatusInterval(1, TimeUnit.SECONDS)
				.withAutomaticFlush(false);
			if (target.binary()) {
				builder.withSlotOption("binary", "true");
			}
			try (PGReplicationStream stream = builder.start()) {
				long park = MIN_PARK_NANOS;
				while (true) {
					ByteBuffer message;
					if (this.poll) {
						message = stream.readPending();
						if (message == null) {
							LockSupport.parkNanos(park);
							park = Math.min(2 * park, MAX_PARK_NANOS);
							continue;
						}
						park = MIN_PARK_NANOS;
					}
					else {
						message = stream.read();
					}
					bytes += message.remaining();
					byte tag = message.get(message.position());
					if (tag == 'B') {
						// Begin: tag, final LSN (8 bytes), then the commit time (µs since 2000-01-01)
						commitMicros = Latencies.fromPostgresMicros(message.getLong(message.position() + 9));
					}
					else if (tag == 'I' || tag == 'U' || tag == 'D') {
						meter.change(commitMicros);
						changes++;
					}
					else if (tag == 'C') {
						stream.setFlushedLSN(stream.getLastReceiveLSN());
						stream.setAppliedLSN(stream.getLastReceiveLSN());
						if (changes >= target.changes()) {
							meter.stop();
							stream.forceUpdateStatus();
							break;
						}
					}
				}
			}
		}
		return meter.result(changes, bytes, -1);
	}

}
