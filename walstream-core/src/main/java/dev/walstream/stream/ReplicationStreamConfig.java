package dev.walstream.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.walstream.wire.LengthCheckingSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * What to stream and how: the slot, the publications, the pgoutput options, feedback and timeouts,
 * retries, and how large transactions are buffered. Built with {@link #builder(String, String...)}.
 *
 * <p>Slot and publication names are validated here and quoted wherever they reach the server, so
 * that no configuration value can inject SQL or replication options.
 *
 * @since 0.1.0
 */
public final class ReplicationStreamConfig {

	private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

	/** Room for the login, catalog rows and ordinary changes: below this a limit can only break things. */
	private static final long MIN_MAX_MESSAGE_SIZE = 64 * 1024;

	private final String slotName;

	private final List<String> publicationNames;

	private final @Nullable Integer protocolVersion;

	private final StreamingMode streaming;

	private final boolean binary;

	private final boolean messages;

	private final boolean twoPhase;

	private final boolean deliverPrepared;

	private final @Nullable String origin;

	private final Duration feedbackInterval;

	private final Duration serverTimeout;

	private final Duration healthCheckInterval;

	private final Duration heartbeatInterval;

	private final RetryConfig retry;

	private final boolean createSlot;

	private final boolean temporarySlot;

	private final boolean failoverSlot;

	private final boolean createPublication;

	private final List<String> publicationTables;

	private final Path spillDirectory;

	private final long spillThresholdBytes;

	private final long maxMessageSize;

	private final boolean autoAcknowledge;

	private ReplicationStreamConfig(Builder builder) {
		this.slotName = validateSlotName(builder.slotName);
		if (builder.publicationNames.isEmpty()) {
			throw new IllegalArgumentException("At least one publication name is needed");
		}
		builder.publicationNames.forEach(ReplicationStreamConfig::validatePublicationName);
		this.publicationNames = List.copyOf(builder.publicationNames);
		if (builder.protocolVersion != null && (builder.protocolVersion < 1 || builder.protocolVersion > 4)) {
			throw new IllegalArgumentException("Invalid protocol version " + builder.protocolVersion + ": expected 1 to 4");
		}
		this.protocolVersion = builder.protocolVersion;
		if (builder.protocolVersion != null && builder.streaming.minimumProtocolVersion() > builder.protocolVersion) {
			throw new IllegalArgumentException("Streaming mode " + builder.streaming.value() + " needs protocol version "
					+ builder.streaming.minimumProtocolVersion() + " or later, but version " + builder.protocolVersion
					+ " is configured");
		}
		if (builder.twoPhase && builder.protocolVersion != null && builder.protocolVersion < 3) {
			throw new IllegalArgumentException("Two-phase decoding needs protocol version 3 or later");
		}
		this.streaming = builder.streaming;
		this.binary = builder.binary;
		this.messages = builder.messages;
		this.twoPhase = builder.twoPhase;
		this.deliverPrepared = builder.deliverPrepared;
		if (builder.origin != null && !builder.origin.equals("any") && !builder.origin.equals("none")) {
			throw new IllegalArgumentException("Invalid origin '" + builder.origin + "': expected 'any' or 'none'");
		}
		this.origin = builder.origin;
		this.feedbackInterval = positive(builder.feedbackInterval, "feedback interval");
		this.serverTimeout = positive(builder.serverTimeout, "server timeout");
		this.healthCheckInterval = positive(builder.healthCheckInterval, "health-check interval");
		if (builder.heartbeatInterval == null || builder.heartbeatInterval.isNegative()) {
			throw new IllegalArgumentException("The heartbeat interval cannot be negative (zero turns heartbeats off)");
		}
		this.heartbeatInterval = builder.heartbeatInterval;
		this.retry = Objects.requireNonNull(builder.retry, "retry");
		this.createSlot = builder.createSlot;
		this.temporarySlot = builder.temporarySlot;
		this.failoverSlot = builder.failoverSlot;
		this.createPublication = builder.createPublication;
		builder.publicationTables.forEach(ReplicationStreamConfig::validateTableName);
		this.publicationTables = List.copyOf(builder.publicationTables);
		this.spillDirectory = Objects.requireNonNull(builder.spillDirectory, "spillDirectory");
		if (builder.spillThresholdBytes < 1) {
			throw new IllegalArgumentException("The spill threshold must be positive");
		}
		this.spillThresholdBytes = builder.spillThresholdBytes;
		if (builder.maxMessageSize < MIN_MAX_MESSAGE_SIZE) {
			throw new IllegalArgumentException("The maximum message size must be at least " + MIN_MAX_MESSAGE_SIZE
					+ " bytes, not " + builder.maxMessageSize);
		}
		this.maxMessageSize = builder.maxMessageSize;
		this.autoAcknowledge = builder.autoAcknowledge;
	}

	/**
	 * Checks a slot name: PostgreSQL allows lower-case letters, digits and underscores, at most 63.
	 * @param name the name
	 * @return the name
	 * @throws IllegalArgumentException if the name is not a valid slot name
	 */
	public static String validateSlotName(@Nullable String name) {
		if (name == null || !SLOT_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Invalid replication slot name '" + name
					+ "': use 1 to 63 lower-case letters, digits and underscores");
		}
		return name;
	}

	/**
	 * Checks a publication name: any identifier of at most 63 bytes without a zero character.
	 * It is always quoted when sent.
	 * @param name the name
	 * @return the name
	 * @throws IllegalArgumentException if the name cannot be a PostgreSQL identifier
	 */
	public static String validatePublicationName(@Nullable String name) {
		if (name == null || name.isEmpty() || name.indexOf('\0') >= 0
				|| name.getBytes(StandardCharsets.UTF_8).length > 63) {
			throw new IllegalArgumentException("Invalid publication name '" + name
					+ "': expected 1 to 63 bytes, no zero character");
		}
		return name;
	}

	private static void validateTableName(String name) {
		if (name.isBlank() || name.indexOf('\0') >= 0 || name.split("\\.", -1).length > 2) {
			throw new IllegalArgumentException("Invalid table name '" + name + "': expected 'table' or 'schema.table'");
		}
	}

	private static Duration positive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("The " + name + " must be positive, got " + value);
		}
		return value;
	}

	/**
	 * Starts a builder.
	 * @param slotName the logical replication slot to stream from
	 * @param publicationNames the publications whose tables to stream
	 * @return a new builder with defaults
	 */
	public static Builder builder(String slotName, String... publicationNames) {
		return new Builder(slotName, List.of(publicationNames));
	}

	/**
	 * Returns a builder holding this configuration.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.slotName, this.publicationNames);
		builder.protocolVersion = this.protocolVersion;
		builder.streaming = this.streaming;
		builder.binary = this.binary;
		builder.messages = this.messages;
		builder.twoPhase = this.twoPhase;
		builder.deliverPrepared = this.deliverPrepared;
		builder.origin = this.origin;
		builder.feedbackInterval = this.feedbackInterval;
		builder.serverTimeout = this.serverTimeout;
		builder.healthCheckInterval = this.healthCheckInterval;
		builder.heartbeatInterval = this.heartbeatInterval;
		builder.retry = this.retry;
		builder.createSlot = this.createSlot;
		builder.temporarySlot = this.temporarySlot;
		builder.failoverSlot = this.failoverSlot;
		builder.createPublication = this.createPublication;
		builder.publicationTables = this.publicationTables;
		builder.spillDirectory = this.spillDirectory;
		builder.spillThresholdBytes = this.spillThresholdBytes;
		builder.maxMessageSize = this.maxMessageSize;
		builder.autoAcknowledge = this.autoAcknowledge;
		return builder;
	}

	/** @return the slot's name */
	public String slotName() {
		return this.slotName;
	}

	/** @return the publications streamed */
	public List<String> publicationNames() {
		return this.publicationNames;
	}

	/** @return the configured protocol version, or {@code null} to use the highest the server supports */
	public @Nullable Integer protocolVersion() {
		return this.protocolVersion;
	}

	/** @return whether large in-progress transactions are streamed */
	public StreamingMode streaming() {
		return this.streaming;
	}

	/** @return whether values are sent in binary format ({@code binary}, PostgreSQL 14+) */
	public boolean binary() {
		return this.binary;
	}

	/** @return whether logical decoding messages are sent ({@code messages}, PostgreSQL 14+) */
	public boolean messages() {
		return this.messages;
	}

	/** @return whether prepared transactions are decoded at PREPARE ({@code two_phase}, PostgreSQL 15+) */
	public boolean twoPhase() {
		return this.twoPhase;
	}

	/** @return whether a prepared transaction's changes are delivered at PREPARE rather than at COMMIT PREPARED */
	public boolean deliverPrepared() {
		return this.deliverPrepared;
	}

	/** @return {@code any}, {@code none}, or {@code null} for the server's default ({@code origin}, PostgreSQL 16+) */
	public @Nullable String origin() {
		return this.origin;
	}

	/** @return how often a status update is sent even when nothing changed */
	public Duration feedbackInterval() {
		return this.feedbackInterval;
	}

	/** @return how long the server may stay silent before the connection is considered dead */
	public Duration serverTimeout() {
		return this.serverTimeout;
	}

	/** @return how often the slot's state is checked over a normal connection */
	public Duration healthCheckInterval() {
		return this.healthCheckInterval;
	}

	/**
	 * Returns how often a heartbeat message is written when the stream received nothing for that
	 * long, so that the server has something to send and the slot keeps advancing even when the
	 * published tables are quiet; zero when off.
	 * @return the heartbeat interval
	 */
	public Duration heartbeatInterval() {
		return this.heartbeatInterval;
	}

	/** @return how reconnection is retried */
	public RetryConfig retry() {
		return this.retry;
	}

	/** @return whether a missing slot is created */
	public boolean createSlot() {
		return this.createSlot;
	}

	/** @return whether a created slot is temporary (dropped when the connection closes) */
	public boolean temporarySlot() {
		return this.temporarySlot;
	}

	/** @return whether a created slot is synchronised to standbys ({@code failover}, PostgreSQL 17+) */
	public boolean failoverSlot() {
		return this.failoverSlot;
	}

	/** @return whether a missing publication is created */
	public boolean createPublication() {
		return this.createPublication;
	}

	/** @return the tables of a created publication; empty for {@code FOR ALL TABLES} */
	public List<String> publicationTables() {
		return this.publicationTables;
	}

	/** @return where large transactions are spilled */
	public Path spillDirectory() {
		return this.spillDirectory;
	}

	/** @return the bytes of buffered transactions kept in memory before spilling to disk */
	public long spillThresholdBytes() {
		return this.spillThresholdBytes;
	}

	/**
	 * The longest message walstream's connections accept from the server, counted as the protocol
	 * counts it (the length field included): a longer one fails the stream with a
	 * {@link dev.walstream.error.ProtocolException} before a buffer of that length is allocated.
	 * @return the limit in bytes
	 */
	public long maxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Whether a transaction counts as handled once the caller asks for the event after its commit.
	 * Right for callers that handle events synchronously; callers that hand events to other threads
	 * turn it off and acknowledge through {@link SharedLsnFeedback}.
	 * @return the auto-acknowledge setting
	 */
	public boolean autoAcknowledge() {
		return this.autoAcknowledge;
	}

	@Override
	public String toString() {
		return "ReplicationStreamConfig[slot=" + this.slotName + ", publications=" + this.publicationNames
				+ ", protocolVersion=" + ((this.protocolVersion != null) ? this.protocolVersion : "highest")
				+ ", streaming=" + this.streaming.value() + ", binary=" + this.binary + ", messages=" + this.messages
				+ ", twoPhase=" + this.twoPhase + "]";
	}

	/**
	 * Builds a {@link ReplicationStreamConfig}.
	 */
	public static final class Builder {

		private final String slotName;

		private final List<String> publicationNames;

		private @Nullable Integer protocolVersion;

		private StreamingMode streaming = StreamingMode.ON;

		private boolean binary;

		private boolean messages = true;

		private boolean twoPhase;

		private boolean deliverPrepared;

		private @Nullable String origin;

		private Duration feedbackInterval = Duration.ofSeconds(10);

		private Duration serverTimeout = Duration.ofSeconds(60);

		private Duration healthCheckInterval = Duration.ofSeconds(30);

		private Duration heartbeatInterval = Duration.ZERO;

		private RetryConfig retry = RetryConfig.defaults();

		private boolean createSlot = true;

		private boolean temporarySlot;

		private boolean failoverSlot;

		private boolean createPublication;

		private List<String> publicationTables = List.of();

		private Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"), "walstream-spill");

		private long spillThresholdBytes = 64L * 1024 * 1024;

		private long maxMessageSize = LengthCheckingSocketFactory.DEFAULT_MAX_MESSAGE_SIZE;

		private boolean autoAcknowledge = true;

		private Builder(String slotName, List<String> publicationNames) {
			this.slotName = slotName;
			this.publicationNames = publicationNames;
		}

		/**
		 * Fixes the protocol version instead of using the highest the server supports.
		 * @param protocolVersion 1 to 4, or {@code null} to negotiate
		 * @return this builder
		 */
		public Builder protocolVersion(@Nullable Integer protocolVersion) {
			this.protocolVersion = protocolVersion;
			return this;
		}

		/**
		 * Sets whether large in-progress transactions are streamed (default {@link StreamingMode#ON};
		 * lowered to what the server supports).
		 * @param streaming the mode
		 * @return this builder
		 */
		public Builder streaming(StreamingMode streaming) {
			this.streaming = Objects.requireNonNull(streaming, "streaming");
			return this;
		}

		/**
		 * Sets whether values come in binary format (default {@code false}).
		 * @param binary the option
		 * @return this builder
		 */
		public Builder binary(boolean binary) {
			this.binary = binary;
			return this;
		}

		/**
		 * Sets whether logical decoding messages are delivered (default {@code true}).
		 * @param messages the option
		 * @return this builder
		 */
		public Builder messages(boolean messages) {
			this.messages = messages;
			return this;
		}

		/**
		 * Sets whether prepared transactions are decoded at PREPARE (default {@code false}); they
		 * are still delivered only when they commit unless {@link #deliverPrepared(boolean)}.
		 * @param twoPhase the option
		 * @return this builder
		 */
		public Builder twoPhase(boolean twoPhase) {
			this.twoPhase = twoPhase;
			return this;
		}

		/**
		 * Sets whether a prepared transaction's changes are delivered at PREPARE, followed later by
		 * its commit or rollback (default {@code false}: delivered only at COMMIT PREPARED).
		 * @param deliverPrepared the option
		 * @return this builder
		 */
		public Builder deliverPrepared(boolean deliverPrepared) {
			this.deliverPrepared = deliverPrepared;
			return this;
		}

		/**
		 * Sets which transactions to receive by origin: {@code any} or {@code none} (only those made
		 * on this server, not replicated into it).
		 * @param origin the option, or {@code null} for the server's default
		 * @return this builder
		 */
		public Builder origin(@Nullable String origin) {
			this.origin = origin;
			return this;
		}

		/**
		 * Sets how often a status update is sent when nothing else prompts one (default 10 s).
		 * @param feedbackInterval the interval
		 * @return this builder
		 */
		public Builder feedbackInterval(Duration feedbackInterval) {
			this.feedbackInterval = feedbackInterval;
			return this;
		}

		/**
		 * Sets how long the server may stay silent (no data, no keepalive even when asked for one)
		 * before the connection is treated as dead and re-established (default 60 s).
		 * @param serverTimeout the timeout
		 * @return this builder
		 */
		public Builder serverTimeout(Duration serverTimeout) {
			this.serverTimeout = serverTimeout;
			return this;
		}

		/**
		 * Sets how often the slot's state is checked (default 30 s).
		 * @param healthCheckInterval the interval
		 * @return this builder
		 */
		public Builder healthCheckInterval(Duration healthCheckInterval) {
			this.healthCheckInterval = healthCheckInterval;
			return this;
		}

		/**
		 * Sets how often a heartbeat ({@code pg_logical_emit_message}, not delivered to the
		 * application) is written while the stream receives nothing (default zero: off). Needs
		 * EXECUTE on {@code pg_logical_emit_message}, which replication roles have by default.
		 * @param heartbeatInterval the interval, or zero for none
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
			return this;
		}

		/**
		 * Sets how reconnection is retried (default {@link RetryConfig#defaults()}).
		 * @param retry the retry configuration
		 * @return this builder
		 */
		public Builder retry(RetryConfig retry) {
			this.retry = retry;
			return this;
		}

		/**
		 * Sets whether {@code initialize()} creates a missing slot (default {@code true}).
		 * @param createSlot the option
		 * @return this builder
		 */
		public Builder createSlot(boolean createSlot) {
			this.createSlot = createSlot;
			return this;
		}

		/**
		 * Sets whether a created slot is temporary (default {@code false}).
		 * @param temporarySlot the option
		 * @return this builder
		 */
		public Builder temporarySlot(boolean temporarySlot) {
			this.temporarySlot = temporarySlot;
			return this;
		}

		/**
		 * Sets whether a created slot is a failover slot (PostgreSQL 17+, default {@code false}).
		 * @param failoverSlot the option
		 * @return this builder
		 */
		public Builder failoverSlot(boolean failoverSlot) {
			this.failoverSlot = failoverSlot;
			return this;
		}

		/**
		 * Sets whether {@code initialize()} creates a missing publication (default {@code false}).
		 * @param createPublication the option
		 * @return this builder
		 */
		public Builder createPublication(boolean createPublication) {
			this.createPublication = createPublication;
			return this;
		}

		/**
		 * Sets the tables of a created publication; none means {@code FOR ALL TABLES}, which needs a
		 * superuser.
		 * @param tables {@code table} or {@code schema.table} names
		 * @return this builder
		 */
		public Builder publicationTables(List<String> tables) {
			this.publicationTables = List.copyOf(tables);
			return this;
		}

		/**
		 * Sets where large transactions spill (default {@code walstream-spill} in the temporary
		 * directory).
		 * @param spillDirectory the directory
		 * @return this builder
		 */
		public Builder spillDirectory(Path spillDirectory) {
			this.spillDirectory = spillDirectory;
			return this;
		}

		/**
		 * Sets how many bytes of uncommitted transactions are kept in memory before the largest
		 * spills to disk (default 64 MB).
		 * @param bytes the threshold
		 * @return this builder
		 */
		public Builder spillThresholdBytes(long bytes) {
			this.spillThresholdBytes = bytes;
			return this;
		}

		/**
		 * Sets the longest message accepted from the server, in bytes, at least 64 KiB. The default,
		 * 1 GiB + 1 MiB, is above anything a PostgreSQL server can send, so it only stops a broken or
		 * hostile server; a smaller limit also bounds what a legitimate message may make the consumer
		 * allocate (a change of a row larger than the limit then stops the stream, not retried, until
		 * the limit is raised). Connections over TLS are checked only before TLS starts, and not at
		 * all when the connection configuration names a {@code socketFactory} of its own.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxMessageSize(long bytes) {
			this.maxMessageSize = bytes;
			return this;
		}

		/**
		 * Sets whether a transaction counts as handled once the next event is asked for (default
		 * {@code true}).
		 * @param autoAcknowledge the option
		 * @return this builder
		 */
		public Builder autoAcknowledge(boolean autoAcknowledge) {
			this.autoAcknowledge = autoAcknowledge;
			return this;
		}

		/**
		 * Builds the configuration.
		 * @return the configuration
		 * @throws IllegalArgumentException naming the first invalid value
		 */
		public ReplicationStreamConfig build() {
			return new ReplicationStreamConfig(this);
		}

	}

}
