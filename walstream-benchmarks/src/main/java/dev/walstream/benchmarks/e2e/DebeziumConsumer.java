package dev.walstream.benchmarks.e2e;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's embedded engine with its PostgreSQL connector: pgoutput, no snapshot, offsets in
 * memory, default settings otherwise. Records are taken in Kafka Connect's own form
 * ({@link Connect}), so no JSON is written: every value is already decoded into the record's
 * {@link Struct}, which is what the other Java consumers do too.
 */
final class DebeziumConsumer implements ReplicationConsumer {

	@Override
	public ConsumerResult consume(ConsumerTarget target) throws Exception {
		Meter meter = new Meter(target);
		Properties properties = new Properties();
		properties.setProperty("name", "walstream-benchmark");
		properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
		properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
		properties.setProperty("database.hostname", target.host());
		properties.setProperty("database.port", Integer.toString(target.port()));
		properties.setProperty("database.user", target.user());
		properties.setProperty("database.password", target.password());
		properties.setProperty("database.dbname", target.database());
		properties.setProperty("topic.prefix", "bench");
		properties.setProperty("plugin.name", "pgoutput");
		properties.setProperty("slot.name", target.slot());
		properties.setProperty("publication.name", target.publication());
		properties.setProperty("publication.autocreate.mode", "disabled");
		properties.setProperty("snapshot.mode", "no_data");
		long[] changes = new long[1];
		CountDownLatch done = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
			.create(ChangeEventFormat.of(Connect.class))
			.using(properties)
			.notifying((event) -> {
				SourceRecord record = event.record();
				if (record.value() instanceof Struct value && value.schema().field("op") != null) {
					String op = value.getString("op");
					if (op.equals("c") || op.equals("u") || op.equals("d")) {
						meter.change(commitMicros(value.getStruct("source")));
						if (++changes[0] == target.changes()) {
							meter.stop();
							done.countDown();
						}
					}
				}
			})
			.using((success, message, error) -> {
				if (!success) {
					failure.set((error != null) ? error : new IllegalStateException(message));
				}
				done.countDown();
			})
			.build();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			executor.execute(engine);
			if (!done.await(30, TimeUnit.MINUTES)) {
				throw new IllegalStateException("Debezium received " + changes[0] + " of " + target.changes()
						+ " changes in 30 minutes");
			}
			if (!meter.isStopped()) {
				throw new IllegalStateException("Debezium stopped after " + changes[0] + " changes", failure.get());
			}
		}
		finally {
			engine.close();
			executor.shutdown();
			executor.awaitTermination(1, TimeUnit.MINUTES);
		}
		return meter.result(changes[0], -1, -1);
	}

	/**
	 * Returns the commit time Debezium puts in a record's {@code source} block: {@code ts_us}, the
	 * server's commit time to the microsecond, where the connector sets it, else {@code ts_ms}.
	 */
	private static long commitMicros(Struct source) {
		Long micros = (source.schema().field("ts_us") != null) ? source.getInt64("ts_us") : null;
		return (micros != null) ? micros : source.getInt64("ts_ms") * 1_000;
	}

}
