package dev.walstream.benchmarks.e2e;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.logical.ChainedLogicalStreamBuilder;

/**
 * The Java transport floor: pgjdbc's {@link PGReplicationStream#read()} in a loop, bytes only. It
 * looks at the first byte of each message to count changes and find commits, acknowledges each
 * commit's position (sent by pgjdbc every second, {@code withAutomaticFlush(false)}), and decodes
 * nothing else.
 */
final class PgJdbcRawConsumer implements ReplicationConsumer {

	@Override
	public ConsumerResult consume(ConsumerTarget target) throws Exception {
		Meter meter = new Meter();
		Properties properties = new Properties();
		PGProperty.USER.set(properties, target.user());
		PGProperty.PASSWORD.set(properties, target.password());
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		long changes = 0;
		long bytes = 0;
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
				while (true) {
					ByteBuffer message = stream.read();
					bytes += message.remaining();
					byte tag = message.get(message.position());
					if (tag == 'I' || tag == 'U' || tag == 'D') {
						meter.start();
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
		return meter.result(changes, bytes);
	}

}
