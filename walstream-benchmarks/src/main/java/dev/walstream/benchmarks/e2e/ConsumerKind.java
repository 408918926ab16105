package dev.walstream.benchmarks.e2e;

import java.util.Arrays;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The consumers the benchmark compares. Each Java consumer runs in a JVM of its own, so that the
 * process CPU time it reports is its own.
 */
public enum ConsumerKind {

	/** PostgreSQL's C client, writing to {@code /dev/null}: measured when installed. */
	PG_RECVLOGICAL("pg_recvlogical", "pg_recvlogical to /dev/null", false, null),

	/** pgjdbc's replication stream, bytes only: the Java transport floor. */
	PGJDBC("pgjdbc", "pgjdbc PGReplicationStream, bytes only", false, () -> new PgJdbcRawConsumer(false)),

	/** The same loop with pgoutput's binary tuple format. */
	PGJDBC_BINARY("pgjdbc-binary", "pgjdbc PGReplicationStream, bytes only", true, () -> new PgJdbcRawConsumer(false)),

	/** The same loop polling with {@code readPending()} and parking when idle, as walstream reads. */
	PGJDBC_POLL("pgjdbc-poll", "pgjdbc PGReplicationStream, readPending() + park, bytes only", false,
			() -> new PgJdbcRawConsumer(true)),

	/** walstream's core stream, every value decoded. */
	WALSTREAM("walstream", "walstream core stream, all values decoded", false, WalstreamConsumer::new),

	/** walstream's core stream in binary mode, every value decoded. */
	WALSTREAM_BINARY("walstream-binary", "walstream core stream, all values decoded", true, WalstreamConsumer::new),

	/** A Spring application with walstream's starter and a no-op {@code @WalListener}. */
	SPRING_LISTENER("spring", "walstream @WalListener, no-op", false, SpringListenerConsumer::new),

	/** Debezium's embedded engine, pgoutput, no snapshot, default settings. */
	DEBEZIUM("debezium", "Debezium embedded engine 3.6.1, Connect records", false, DebeziumConsumer::new);

	private final String id;

	private final String label;

	private final boolean binary;

	private final @Nullable Supplier<ReplicationConsumer> factory;

	ConsumerKind(String id, String label, boolean binary, @Nullable Supplier<ReplicationConsumer> factory) {
		this.id = id;
		this.label = label;
		this.binary = binary;
		this.factory = factory;
	}

	/**
	 * Returns the name used on the command line.
	 * @return the name, such as {@code walstream-binary}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns a description for the results table.
	 * @return the description
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Returns whether the consumer asks for the binary tuple format.
	 * @return {@code true} for binary, {@code false} for text
	 */
	public boolean binary() {
		return this.binary;
	}

	/**
	 * Returns the raw loop this consumer is compared with: the one of the same format.
	 * @return {@link #PGJDBC} or {@link #PGJDBC_BINARY}
	 */
	public ConsumerKind baseline() {
		return this.binary ? PGJDBC_BINARY : PGJDBC;
	}

	ReplicationConsumer newConsumer() {
		if (this.factory == null) {
			throw new IllegalStateException(this.id + " is not a Java consumer");
		}
		return this.factory.get();
	}

	/**
	 * Finds a consumer by its command-line name.
	 * @param id the name
	 * @return the consumer
	 * @throws IllegalArgumentException if there is none of that name
	 */
	public static ConsumerKind of(String id) {
		return Arrays.stream(values())
			.filter((kind) -> kind.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown consumer '" + id + "'; known: "
					+ Arrays.stream(values()).map(ConsumerKind::id).toList()));
	}

}
