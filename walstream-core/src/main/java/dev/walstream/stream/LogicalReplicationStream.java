package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.walstream.Lsn;
import dev.walstream.decode.ValueDecoders;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.ReplicationException;
import dev.walstream.error.SlotException;
import dev.walstream.error.TransientConnectionException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.ChangeEventFactory;
import dev.walstream.event.EventType;
import dev.walstream.event.RelationCache;
import dev.walstream.protocol.LogicalReplicationParser;
import dev.walstream.protocol.LogicalReplicationWriter;
import dev.walstream.protocol.StreamingReplicationMessage;
import dev.walstream.protocol.StreamingReplicationMessage.PrimaryKeepalive;
import dev.walstream.protocol.StreamingReplicationMessage.StandbyStatusUpdate;
import dev.walstream.protocol.StreamingReplicationMessage.XLogData;
import dev.walstream.wire.LengthCheckingSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every committed change of a PostgreSQL database, as {@link ChangeEvent}s pulled one at a time:
 * the core's public face. Plain Java, no framework:
 *
 * <pre class="code">
 * try (LogicalReplicationStream stream = LogicalReplicationStream.open(
 *         ConnectionConfig.fromLibpq("host=localhost dbname=shop user=cdc password=secret"),
 *         ReplicationStreamConfig.builder("shop_slot", "shop_pub").build())) {
 *     stream.initialize();
 *     stream.start(null);
 *     CancellationToken token = new CancellationToken();
 *     ChangeEvent event;
 *     while ((event = stream.nextEvent(token)) != null) {
 *         System.out.println(event);
 *     }
 * }
 * </pre>
 *
 * <p><b>Delivery.</b> Transactions arrive whole and in commit order; a large transaction that the
 * server streams before it commits is assembled (spilling to disk past a threshold) and delivered
 * when it commits, never when it aborts. The server forgets a transaction only when the consumer
 * acknowledges it: with {@code autoAcknowledge} (the default) a transaction counts as handled when
 * the event after its commit is asked for; otherwise call {@link #acknowledge(Lsn)} or update the
 * {@link SharedLsnFeedback} with each {@link EventType.Commit#endLsn()}. So delivery is at least
 * once: after a restart, unacknowledged transactions are delivered again. While nothing is pending
 * the acknowledged position follows the server's end of WAL, so an idle slot holds no WAL back.
 *
 * <p><b>Failures.</b> A dropped connection, a restarted server or a terminated walsender is retried
 * with the {@link RetryConfig} back-off, resuming after the last acknowledged transaction; a
 * transaction cut in half by the failure is continued where it stopped, so the caller sees it once
 * and whole. Authentication, permission, slot and protocol errors are not retried: they end the
 * stream with a specific {@link ReplicationException}.
 *
 * <p>One thread pulls events; {@link #close()}, {@link CancellationToken#cancel()} and the
 * {@link SharedLsnFeedback} may be used from others. A small daemon thread keeps status updates
 * flowing while the caller is busy, so that a slow consumer is not disconnected by the server's
 * {@code wal_sender_timeout}.
 *
 * @since 0.1.0
 */
public final class LogicalReplicationStream implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LogicalReplicationStream.class);

	private static final Duration STANDBY_RETRY = Duration.ofSeconds(1);

	/** How often the feedback thread asks, while the slot is behind, whether the server is shutting down. */
	private static final Duration SHUTDOWN_PROBE_INTERVAL = Duration.ofSeconds(1);

	private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

	private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

	private final ConnectionConfig connectionConfig;

	private final ReplicationStreamConfig config;

	private final RelationCache relations;

	private final ChangeEventFactory eventFactory;

	private final ArrayDeque<ChangeEvent> pending = new ArrayDeque<>();

	private final java.util.function.Consumer<ChangeEvent> toPending = this.pending::add;

	private final LogicalReplicationWriter frameWriter = LogicalReplicationWriter.withProtocolVersion(1);

	private final AcknowledgementState acknowledgements = new AcknowledgementState();

	private volatile SharedLsnFeedback feedback = SharedLsnFeedback.newShared();

	private @Nullable ServerInfo serverInfo;

	private @Nullable SlotInfo slotAtStart;

	private boolean slotCreatedHere;

	private @Nullable NegotiatedOptions options;

	private volatile @Nullable ReplicationConnection connection;

	private @Nullable LogicalReplicationParser parser;

	private @Nullable ChangeEventAssembler assembler;

	private @Nullable ScheduledExecutorService feedbackTimer;

	private Duration feedbackInterval;

	private boolean started;

	private volatile boolean closed;

	private volatile @Nullable Thread reader;

	/** The token whose cancellation already wakes the reader. */
	private @Nullable CancellationToken wakeOnCancel;

	/** The last event handed to the caller: on a reconnection, events up to it are not repeated. */
	private @Nullable ChangeEvent lastDelivered;

	private @Nullable ChangeEvent commitToAcknowledge;

	private int failedAttempts;

	private long firstFailureNanos;

	private long reconnectAtNanos;

	private @Nullable ReplicationException lastFailure;

	private volatile long lastFrameNanos;

	/** When {@code nextEvent} last returned, to tell a caller that was away from a silent server. */
	private long lastReturnNanos = System.nanoTime();

	private @Nullable SlotMonitor slotMonitor;

	private volatile @Nullable Instant lastCommitTime;

	private boolean replyRequested;

	/** When the feedback thread last asked whether the server is shutting down. */
	private long lastShutdownProbeNanos = System.nanoTime();

	private long reconnects;

	private LogicalReplicationStream(ConnectionConfig connectionConfig, ReplicationStreamConfig config,
			ValueDecoders valueDecoders) {
		// every connection, replication or not, gets the limit: pgjdbc hands it to the socket factory
		this.connectionConfig = connectionConfig.toBuilder()
			.driverProperty(LengthCheckingSocketFactory.MAX_MESSAGE_SIZE_PROPERTY, Long.toString(config.maxMessageSize()))
			.build();
		this.config = config;
		this.relations = new RelationCache(valueDecoders);
		this.eventFactory = new ChangeEventFactory(this.relations);
		this.feedbackInterval = config.feedbackInterval();
	}

	/**
	 * Creates a stream with the default value decoders. Nothing is connected yet.
	 * @param connectionConfig where to connect
	 * @param config what to stream
	 * @return the stream
	 */
	public static LogicalReplicationStream open(ConnectionConfig connectionConfig, ReplicationStreamConfig config) {
		return open(connectionConfig, config, ValueDecoders.defaults());
	}

	/**
	 * Creates a stream whose values are decoded by the given decoders, for custom types.
	 * @param connectionConfig where to connect
	 * @param config what to stream
	 * @param valueDecoders the decoders
	 * @return the stream
	 */
	public static LogicalReplicationStream open(ConnectionConfig connectionConfig, ReplicationStreamConfig config,
			ValueDecoders valueDecoders) {
		return new LogicalReplicationStream(connectionConfig, config, valueDecoders);
	}

	/**
	 * Checks the server and prepares the slot and the publications: the server version,
	 * {@code wal_level}, the role's REPLICATION right, the slot's plugin and state; creates the slot
	 * and publications when configured to and missing. Says what is wrong in words a user can act on.
	 * @return what was learned about the server
	 * @throws ReplicationException when something is wrong; retryable only if the server could not be
	 * reached
	 */
	public ServerInfo initialize() {
		requireOpen();
		try (Connection connection = ReplicationConnection.connect(this.connectionConfig, false)) {
			ServerCatalog catalog = new ServerCatalog(connection);
			ServerInfo server = catalog.inspect();
			ServerChecks.checkServer(server, this.connectionConfig);
			this.slotAtStart = prepareSlot(catalog, server);
			preparePublications(catalog);
			this.serverInfo = server;
			this.feedbackInterval = ServerChecks.effectiveFeedbackInterval(this.config.feedbackInterval(), server);
			return server;
		}
		catch (SQLException ex) {
			throw ErrorClassifier.classify(ex, this.config.slotName(), "Checking the server");
		}
	}

	private @Nullable SlotInfo prepareSlot(ServerCatalog catalog, ServerInfo server) throws SQLException {
		String slotName = this.config.slotName();
		SlotInfo slot = catalog.findSlot(slotName, server.majorVersion());
		if (slot == null) {
			if (!this.config.createSlot()) {
				throw new SlotException(slotName, SlotException.Reason.NOT_FOUND, "Replication slot '" + slotName
						+ "' does not exist. Create it with SELECT pg_create_logical_replication_slot('" + slotName
						+ "', 'pgoutput'), or let walstream create it", null);
			}
			if (this.config.temporarySlot()) {
				return null;
			}
			if (this.config.failoverSlot() && server.majorVersion() < 17) {
				throw new PermanentConnectionException("Failover slots need PostgreSQL 17 or later; the server is "
						+ server.version());
			}
			try {
				catalog.createSlot(slotName, this.config.twoPhase(), this.config.failoverSlot(), server.majorVersion());
				this.slotCreatedHere = true;
				logger.info("Created logical replication slot '{}' with plugin pgoutput: it holds changes from now on, "
						+ "none from before", slotName);
			}
			catch (SQLException ex) {
				if (!"42710".equals(ex.getSQLState())) {
					throw ex;
				}
				// another instance created it first: fine, it is the same slot
			}
			slot = catalog.findSlot(slotName, server.majorVersion());
		}
		if (slot != null) {
			ServerChecks.checkSlot(slot, this.connectionConfig.database(), this.config, server);
		}
		return slot;
	}

	private void preparePublications(ServerCatalog catalog) throws SQLException {
		for (String publication : this.config.publicationNames()) {
			if (catalog.publicationExists(publication)) {
				continue;
			}
			if (!this.config.createPublication()) {
				throw new PermanentConnectionException("Publication '" + publication + "' does not exist in database '"
						+ this.connectionConfig.database() + "'. Create it with CREATE PUBLICATION "
						+ ServerCatalog.quoteIdentifier(publication) + " FOR TABLE ..., or let walstream create it");
			}
			catalog.createPublication(publication, this.config.publicationTables());
			logger.info("Created publication '{}' for {}", publication,
					this.config.publicationTables().isEmpty() ? "all tables" : this.config.publicationTables());
		}
	}

	/**
	 * Starts streaming. Calls {@link #initialize()} first if it was not called.
	 * @param from where to start: {@code null} (or {@code 0/0}) for the slot's confirmed position,
	 * which is right unless the application keeps its own position; the server never goes back
	 * before the slot's confirmed position, and a warning says so when asked to
	 * @throws ReplicationException if streaming cannot start
	 */
	public void start(@Nullable Lsn from) {
		requireOpen();
		if (this.started) {
			throw new IllegalStateException("The stream is already started");
		}
		if (this.serverInfo == null) {
			initialize();
		}
		ServerInfo server = this.serverInfo;
		this.options = NegotiatedOptions.negotiate(this.config, server);
		Lsn start = (from != null) ? from : Lsn.INVALID;
		SlotInfo slot = this.slotAtStart;
		if (start.isValid() && slot != null && slot.confirmedFlushLsn() != null
				&& start.isBefore(slot.confirmedFlushLsn())) {
			if (this.slotCreatedHere) {
				// a position of the application's own says it streamed from this slot before: the slot was
				// dropped, and the new one cannot give back what happened in between
				throw new SlotException(this.config.slotName(), SlotException.Reason.NOT_FOUND, "Replication slot '"
						+ this.config.slotName() + "' did not exist and was created at " + slot.confirmedFlushLsn()
						+ ", but the application resumes from " + start + ": changes in between are not in the new slot "
						+ "and may be lost to this consumer. If the slot was dropped, resynchronise and start from the new "
						+ "slot (start(null)); on a first start, start from null", null);
			}
			logger.warn("Asked to start slot '{}' at {}, but the slot confirmed {} already: PostgreSQL will start at {} "
					+ "and not resend the changes in between", this.config.slotName(), start, slot.confirmedFlushLsn(),
					slot.confirmedFlushLsn());
		}
		this.acknowledgements.resumeAt(start);
		if (start.isValid()) {
			// starting at a position says that everything before it is handled: the server skips
			// what committed before it, on this connection and on every reconnection
			this.feedback.updateFlushedLsn(start.value());
		}
		this.started = true;
		this.reader = Thread.currentThread();
		try {
			connect();
		}
		catch (ReplicationException ex) {
			if (!ex.isRetryable()) {
				throw ex;
			}
			// for example the slot is active for another instance: nextEvent keeps trying
			onFailure(ex);
		}
		this.feedbackTimer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "walstream-feedback-" + this.config.slotName());
			thread.setDaemon(true);
			return thread;
		});
		this.slotMonitor = new SlotMonitor(this.connectionConfig, this.config.slotName(), server.majorVersion(),
				this.config.healthCheckInterval(), this.config.heartbeatInterval(), this.config.serverTimeout());
		long period = Math.max(100, Math.min(1_000, this.feedbackInterval.toMillis() / 2));
		this.feedbackTimer.scheduleWithFixedDelay(this::onTimer, period, period, TimeUnit.MILLISECONDS);
	}

	private void connect() {
		NegotiatedOptions negotiated = this.options;
		ReplicationConnection opened = null;
		try {
			opened = ReplicationConnection.open(this.connectionConfig, this.config.serverTimeout());
			if (this.config.temporarySlot()) {
				opened.execute(ServerChecks.createTemporarySlotCommand(this.config, this.serverInfo));
			}
			Lsn resume = this.acknowledgements.resumePosition(this.feedback);
			opened.start(negotiated.startReplicationCommand(this.config.slotName(), resume));
			this.parser = LogicalReplicationParser.withProtocolVersion(negotiated.protocolVersion());
			this.assembler = new ChangeEventAssembler(this.eventFactory,
					new TransactionAssembler(this.config.spillDirectory(), this.config.spillThresholdBytes()),
					negotiated.protocolVersion(), this.config.deliverPrepared());
			this.connection = opened;
			this.lastFailure = null;
			this.lastFrameNanos = System.nanoTime();
			this.replyRequested = false;
			logger.info("Streaming slot '{}' from {} with {}", this.config.slotName(),
					resume.isValid() ? resume : "its confirmed position", negotiated);
		}
		catch (SQLException | RuntimeException ex) {
			if (opened != null) {
				opened.abort();
			}
			throw ErrorClassifier.classify(ex, this.config.slotName(), "Starting replication from slot '"
					+ this.config.slotName() + "'");
		}
	}

	/**
	 * Returns the next event, waiting for one until the token is cancelled or the stream closed.
	 * @param token cancels the wait from another thread
	 * @return the event, or {@code null} if cancelled or closed
	 * @throws ReplicationException on a failure that retrying cannot fix, or when retries ran out
	 */
	public @Nullable ChangeEvent nextEvent(CancellationToken token) {
		if (this.wakeOnCancel != token) {
			// registered once per token, not per call: the wake-up unparks whichever thread reads
			token.onCancel(this::wakeReader);
			this.wakeOnCancel = token;
		}
		return next(token, Long.MAX_VALUE);
	}

	private void wakeReader() {
		Thread waiting = this.reader;
		if (waiting != null) {
			LockSupport.unpark(waiting);
		}
	}

	/**
	 * Returns the next event, waiting at most {@code timeout} for one.
	 * @param timeout how long to wait
	 * @return the event, or {@code null} if none arrived in time or the stream was closed
	 * @throws ReplicationException on a failure that retrying cannot fix, or when retries ran out
	 */
	public @Nullable ChangeEvent nextEvent(Duration timeout) {
		return next(null, System.nanoTime() + timeout.toNanos());
	}

	private @Nullable ChangeEvent next(@Nullable CancellationToken token, long deadlineNanos) {
		try {
			return waitForNext(token, deadlineNanos);
		}
		finally {
			this.lastReturnNanos = System.nanoTime();
		}
	}

	private @Nullable ChangeEvent waitForNext(@Nullable CancellationToken token, long deadlineNanos) {
		requireStarted();
		this.reader = Thread.currentThread();
		forgiveSilenceWhileAway();
		acknowledgePreviousCommit();
		long parkNanos = MIN_IDLE_PARK_NANOS;
		while (true) {
			if (this.closed) {
				// close() from another thread leaves the reader's buffers to the reader
				releaseTransactionBuffers();
				return null;
			}
			ChangeEvent event = takeReady();
			if (event != null) {
				if (this.acknowledgements.alreadyDelivered(event, this.lastDelivered)) {
					// the server sent again what was delivered before a reconnection
					continue;
				}
				return deliver(event);
			}
			if ((token != null && token.isCancelled()) || deadlinePassed(deadlineNanos)) {
				return null;
			}
			try {
				if (this.connection == null) {
					if (!waitForReconnect(token, deadlineNanos)) {
						continue;
					}
					connect();
					this.reconnects++;
				}
				byte[] frame = this.connection.poll();
				if (frame != null) {
					onFrame(frame);
					parkNanos = MIN_IDLE_PARK_NANOS;
				}
				else {
					onIdle();
					LockSupport.parkNanos(this, Math.min(parkNanos, Math.max(0, deadlineNanos - System.nanoTime())));
					parkNanos = Math.min(parkNanos * 2, MAX_IDLE_PARK_NANOS);
				}
			}
			catch (SQLException | ReplicationException | java.io.UncheckedIOException ex) {
				onFailure(ex);
			}
		}
	}

	/**
	 * While the caller was away (handling an event, or paused), nobody read, so the server's
	 * silence meanwhile says nothing about the connection: count it as at most half the server
	 * timeout, which asks the server for a reply at once and still notices a dead connection.
	 */
	private void forgiveSilenceWhileAway() {
		long now = System.nanoTime();
		long timeout = this.config.serverTimeout().toNanos();
		if (now - this.lastReturnNanos > timeout / 4 && now - this.lastFrameNanos > timeout / 2) {
			this.lastFrameNanos = now - timeout / 2;
		}
	}

	private @Nullable ChangeEvent takeReady() {
		ChangeEvent event = this.pending.poll();
		if (event == null && this.assembler != null) {
			event = this.assembler.nextReleased();
		}
		return event;
	}

	private ChangeEvent deliver(ChangeEvent event) {
		this.lastDelivered = event;
		if (event.isCommit()) {
			this.lastCommitTime = event.commitTime();
		}
		if (event.acknowledgementLsn() != null) {
			this.commitToAcknowledge = event;
		}
		return event;
	}

	private void acknowledgePreviousCommit() {
		ChangeEvent commit = this.commitToAcknowledge;
		if (commit != null && this.config.autoAcknowledge()) {
			this.feedback.updateFlushedLsn(AcknowledgementState.acknowledgePosition(commit).value());
		}
		if (commit != null) {
			this.acknowledgements.delivered(AcknowledgementState.acknowledgePosition(commit));
			this.commitToAcknowledge = null;
		}
	}

	private void onFrame(byte[] frame) throws SQLException {
		this.lastFrameNanos = System.nanoTime();
		this.replyRequested = false;
		this.failedAttempts = 0;
		this.lastFailure = null;
		StreamingReplicationMessage message = this.parser.parseWalMessage(ByteBuffer.wrap(frame));
		if (message instanceof XLogData data) {
			this.acknowledgements.received(data.walStart());
			// safe to confirm once nothing is pending: a transaction in progress at this position
			// commits later, and the server then sends it whole
			this.acknowledgements.serverPosition(data.walEnd());
			// the raw bytes too, for a transaction that is held until it commits
			ByteBuffer payload = ByteBuffer.wrap(frame, XLogData.HEADER_BYTES, frame.length - XLogData.HEADER_BYTES)
				.slice();
			this.assembler.accept(data.message(), payload, this.toPending);
		}
		else if (message instanceof PrimaryKeepalive keepalive) {
			this.acknowledgements.serverPosition(keepalive.walEnd());
			if (keepalive.replyRequested()) {
				sendFeedback(false);
			}
		}
		this.acknowledgements.publishFollow(this.pending.isEmpty() && !this.assembler.isInTransaction()
				&& this.commitToAcknowledge == null, this.assembler.acknowledgementCeiling());
	}

	private void onIdle() throws SQLException {
		long silentNanos = System.nanoTime() - this.lastFrameNanos;
		long timeoutNanos = this.config.serverTimeout().toNanos();
		if (silentNanos > timeoutNanos) {
			throw new TransientConnectionException("No message from the server for " + this.config.serverTimeout()
					.toSeconds() + " s (not even a keepalive when asked for one): treating the connection as dead");
		}
		if (silentNanos > timeoutNanos / 2 && !this.replyRequested) {
			this.replyRequested = true;
			sendFeedback(true);
		}
		else if (this.acknowledgements.isFeedbackDue(this.feedback, this.feedbackInterval)) {
			sendFeedback(false);
		}
	}

	private void sendFeedback(boolean requestReply) throws SQLException {
		ReplicationConnection current = this.connection;
		if (current != null) {
			current.send(statusUpdate(requestReply));
		}
	}

	private ByteBuffer statusUpdate(boolean requestReply) {
		AcknowledgementState.Positions positions = this.acknowledgements.positionsToReport(this.feedback);
		this.acknowledgements.reported(positions);
		return this.frameWriter.encodeFrame(new StandbyStatusUpdate(positions.written(), positions.flushed(),
				positions.applied(), Instant.now(), requestReply));
	}

	private void onTimer() {
		sendFeedbackFromTimer();
		SlotMonitor monitor = this.slotMonitor;
		if (monitor != null && !this.closed) {
			monitor.tick(System.nanoTime() - this.lastFrameNanos);
			releaseConnectionIfServerStops(monitor);
		}
	}

	/**
	 * At shutdown a logical walsender waits until its client reports as flushed everything it sent
	 * ({@code WalSndDone}), and the status updates of this thread keep {@code wal_sender_timeout} from
	 * ending it: while the application holds a transaction it has not acknowledged, a fast shutdown
	 * of the server would wait for the application. So while the reported position is behind the
	 * server's, this thread asks once a second whether the server is shutting down and, if it is,
	 * closes the socket: the server finishes its shutdown, and the reading thread reconnects as after
	 * any broken connection, so the server sends the unacknowledged transaction again.
	 */
	private void releaseConnectionIfServerStops(SlotMonitor monitor) {
		ReplicationConnection current = this.connection;
		long now = System.nanoTime();
		if (current == null || now - this.lastShutdownProbeNanos < SHUTDOWN_PROBE_INTERVAL.toNanos()
				|| !this.acknowledgements.isReportedBehindServer()) {
			return;
		}
		this.lastShutdownProbeNanos = now;
		if (monitor.isServerShuttingDown()) {
			logger.info("The server is shutting down and waits for slot '{}' to confirm what it sent, which the application "
					+ "has not acknowledged: closing the connection so that it can stop", this.config.slotName());
			current.abort();
		}
	}

	private void sendFeedbackFromTimer() {
		ReplicationConnection current = this.connection;
		if (current == null || this.closed || !this.acknowledgements.isFeedbackDue(this.feedback, this.feedbackInterval)) {
			return;
		}
		try {
			current.trySend(statusUpdate(false));
		}
		catch (SQLException | RuntimeException ex) {
			// the reading thread meets the same failure on its next read and handles it there
			logger.debug("Status update from the feedback thread failed: {}", ex.toString());
		}
	}

	private void onFailure(Exception failure) {
		if (this.closed) {
			// closed from another thread while reading: not a failure
			dropConnection();
			return;
		}
		ReplicationException classified = ErrorClassifier.classify(failure, this.config.slotName(),
				"Streaming from slot '" + this.config.slotName() + "'");
		dropConnection();
		if (!classified.isRetryable() || this.config.temporarySlot()) {
			close();
			throw classified;
		}
		long now = System.nanoTime();
		if (isStandby(classified)) {
			// another instance holds the slot: wait as a standby for as long as it takes, and look
			// often enough to take over within seconds once it lets go
			this.lastFailure = classified;
			this.failedAttempts = 0;
			this.reconnectAtNanos = now + STANDBY_RETRY.toNanos();
			logger.debug("{}; standing by", classified.getMessage());
			return;
		}
		if (this.failedAttempts == 0) {
			this.firstFailureNanos = now;
		}
		this.failedAttempts++;
		Duration elapsed = Duration.ofNanos(now - this.firstFailureNanos);
		if (!this.config.retry().allowsAttempt(this.failedAttempts, elapsed)) {
			close();
			throw new TransientConnectionException("Gave up after " + (this.failedAttempts - 1) + " reconnection attempts in "
					+ elapsed.toSeconds() + " s: " + classified.getMessage(), classified);
		}
		Duration delay = this.config.retry().delayBefore(this.failedAttempts, ThreadLocalRandom.current()::nextDouble);
		this.reconnectAtNanos = now + delay.toNanos();
		this.lastFailure = classified;
		logger.warn("{}; reconnecting in {} ms (attempt {})", classified.getMessage(), delay.toMillis(),
				this.failedAttempts);
	}

	private static boolean isStandby(ReplicationException failure) {
		return failure instanceof SlotException slot && slot.getReason() == SlotException.Reason.ACTIVE_ELSEWHERE;
	}

	/**
	 * Whether the stream waits because another consumer streams from the slot.
	 * @return {@code true} while standing by
	 */
	public boolean isStandby() {
		ReplicationException failure = this.lastFailure;
		return failure != null && isStandby(failure);
	}

	private boolean waitForReconnect(@Nullable CancellationToken token, long deadlineNanos) {
		while (!this.closed && (token == null || !token.isCancelled())) {
			long now = System.nanoTime();
			long wait = Math.min(this.reconnectAtNanos, deadlineNanos) - now;
			if (now - this.reconnectAtNanos >= 0) {
				return true;
			}
			if (wait <= 0) {
				return false;
			}
			LockSupport.parkNanos(this, wait);
		}
		return false;
	}

	private void dropConnection() {
		ReplicationConnection current = this.connection;
		this.connection = null;
		if (current != null) {
			current.abort();
		}
		releaseTransactionBuffers();
		this.pending.clear();
	}

	private void releaseTransactionBuffers() {
		if (this.assembler != null) {
			this.assembler.close();
			this.assembler = null;
		}
	}

	/**
	 * Marks every transaction up to {@code lsn} as durably handled, so that the server may forget it
	 * (sent with the next status update).
	 * @param lsn a commit's {@link EventType.Commit#endLsn() end LSN}
	 */
	public void acknowledge(Lsn lsn) {
		this.feedback.updateFlushedLsn(lsn.value());
	}

	/**
	 * Returns the positions shared with the threads that handle events.
	 * @return the feedback positions
	 */
	public SharedLsnFeedback getSharedLsnFeedback() {
		return this.feedback;
	}

	/**
	 * Replaces the positions reported to the server with ones the application owns.
	 * @param feedback the positions
	 */
	public void setSharedLsnFeedback(SharedLsnFeedback feedback) {
		this.feedback = feedback;
	}

	/**
	 * Returns a snapshot of where the stream is, for monitoring.
	 * @return the status
	 */
	public StreamStatus status() {
		AcknowledgementState.Positions positions = this.acknowledgements.positionsToReport(this.feedback);
		TransactionAssembler.Stats buffers = (this.assembler != null) ? this.assembler.bufferStats() : null;
		SlotMonitor monitor = this.slotMonitor;
		return new StreamStatus(this.config.slotName(), this.serverInfo, this.options, this.connection != null,
				positions.written(), positions.flushed(), this.acknowledgements.serverWalEnd(),
				this.acknowledgements.lastReportedFlush(), this.lastCommitTime, this.reconnects, this.lastFailure, buffers,
				(monitor != null) ? monitor.health() : null);
	}

	/**
	 * Sends a final status update and closes the connection. Safe to call from any thread and more
	 * than once; a waiting or later {@code nextEvent} returns {@code null} (events read but not yet
	 * taken are dropped, unacknowledged, and come again to the next stream on the slot).
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		wakeReader();
		if (this.feedbackTimer != null) {
			this.feedbackTimer.shutdownNow();
			awaitQuietly(this.feedbackTimer);
		}
		if (this.slotMonitor != null) {
			this.slotMonitor.close();
		}
		ReplicationConnection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				if (this.commitToAcknowledge != null && this.config.autoAcknowledge()
						&& Thread.currentThread() == this.reader) {
					acknowledgePreviousCommit();
				}
				// bounded: the reading thread may be stuck in a read on a dead connection
				current.trySend(statusUpdate(false), Duration.ofSeconds(1));
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Final status update failed: {}", ex.toString());
			}
			current.close();
		}
		if (Thread.currentThread() == this.reader) {
			releaseTransactionBuffers();
		}
	}

	private static void awaitQuietly(ScheduledExecutorService timer) {
		try {
			timer.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("The stream is closed");
		}
	}

	private void requireStarted() {
		if (!this.started) {
			throw new IllegalStateException("Call start(..) before nextEvent(..)");
		}
	}

	private static boolean deadlinePassed(long deadlineNanos) {
		return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0;
	}

}
