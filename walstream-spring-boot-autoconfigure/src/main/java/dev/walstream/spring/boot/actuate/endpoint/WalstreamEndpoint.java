package dev.walstream.spring.boot.actuate.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.walstream.Lsn;
import dev.walstream.spring.listener.FailureKind;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.stream.NegotiatedOptions;
import dev.walstream.stream.ServerInfo;
import dev.walstream.stream.SlotHealth;
import dev.walstream.stream.StreamStatus;
import dev.walstream.stream.TransactionAssembler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows each {@link ReplicationRunner}: its slot and publications,
 * the server and the negotiated options, the received, applied and flushed positions, the lag, the
 * listeners with their filters and counts, and the last error; and pauses and resumes a runner.
 * Pausing and resuming are write operations, which need
 * {@code management.endpoint.walstream.access=unrestricted}: by default the endpoint is read-only.
 *
 * @since 0.1.0
 */
@Endpoint(id = "walstream", defaultAccess = Access.READ_ONLY)
public class WalstreamEndpoint {

	private final List<ReplicationRunner> runners;

	/**
	 * Creates an endpoint.
	 * @param runners the runners to show
	 */
	public WalstreamEndpoint(List<ReplicationRunner> runners) {
		this.runners = List.copyOf(runners);
	}

	/**
	 * Describes every runner.
	 * @return the runners, by slot
	 */
	@ReadOperation
	public WalstreamDescriptor walstream() {
		Map<String, RunnerDescriptor> slots = new LinkedHashMap<>();
		for (ReplicationRunner runner : this.runners) {
			slots.put(runner.getSlotName(), describe(runner));
		}
		return new WalstreamDescriptor(slots);
	}

	/**
	 * Describes the runner of a slot.
	 * @param slot the slot's name
	 * @return the runner, or {@code null} (404) when no runner streams from the slot
	 */
	@ReadOperation
	public @Nullable RunnerDescriptor slot(@Selector String slot) {
		ReplicationRunner runner = find(slot);
		return (runner != null) ? describe(runner) : null;
	}

	/**
	 * Pauses or resumes the runner of a slot: paused, it keeps its connection and position and
	 * dispatches nothing until resumed.
	 * @param slot the slot's name
	 * @param action {@code pause} or {@code resume}
	 * @return the runner, or {@code null} (404) when no runner streams from the slot
	 */
	@WriteOperation
	public @Nullable RunnerDescriptor control(@Selector String slot, Action action) {
		ReplicationRunner runner = find(slot);
		if (runner == null) {
			return null;
		}
		switch (action) {
			case PAUSE -> runner.pause();
			case RESUME -> runner.resume();
		}
		return describe(runner);
	}

	private @Nullable ReplicationRunner find(String slot) {
		return this.runners.stream().filter((runner) -> runner.getSlotName().equals(slot)).findFirst().orElse(null);
	}

	private static RunnerDescriptor describe(ReplicationRunner runner) {
		StreamStatus status = runner.getStatus();
		RunnerState state = runner.getState();
		List<ListenerDescriptor> listeners = runner.getRegistry()
			.getEndpoints()
			.stream()
			.map(WalstreamEndpoint::describe)
			.toList();
		return new RunnerDescriptor(runner.getSlotName(), runner.getPublicationNames(),
				state.name().toLowerCase(Locale.ROOT), runner.isPaused(), state == RunnerState.STANDBY,
				(status != null) ? ServerDescriptor.of(status.server()) : null,
				(status != null) ? OptionsDescriptor.of(status.options()) : null, PositionsDescriptor.of(runner, status),
				LagDescriptor.of(runner, status), (status != null) ? SlotDescriptor.of(status.slotHealth()) : null,
				(status != null) ? status.buffers() : null, (status != null) ? status.reconnects() : 0, listeners,
				ErrorDescriptor.of(runner, status));
	}

	private static ListenerDescriptor describe(WalListenerEndpoint endpoint) {
		return new ListenerDescriptor(endpoint.getId(), endpoint.getTables().getPatterns(),
				endpoint.getOperations().stream().map((operation) -> operation.name().toLowerCase(Locale.ROOT)).sorted().toList(),
				endpoint.isTransactional(), endpoint.isActive(), endpoint.getInvocationCount(),
				endpoint.getFailureCount());
	}

	private static @Nullable String lsn(@Nullable Lsn lsn) {
		return (lsn != null && lsn.isValid()) ? lsn.toString() : null;
	}

	/**
	 * What a write operation does to a runner.
	 */
	public enum Action {

		/** Stop dispatching after the event at hand, keeping the connection and the position. */
		PAUSE,

		/** Dispatch again from the next event. */
		RESUME

	}

	/**
	 * Every runner of the application.
	 *
	 * @param slots each runner, by its slot's name
	 */
	public record WalstreamDescriptor(Map<String, RunnerDescriptor> slots) implements OperationResponseBody {

	}

	/**
	 * One runner.
	 *
	 * @param slot the slot's name
	 * @param publications the publications streamed
	 * @param state {@code connecting}, {@code standby}, {@code streaming}, {@code paused},
	 * {@code failed} or {@code stopped}
	 * @param paused whether dispatching is paused
	 * @param standby whether another instance holds the slot and this one waits
	 * @param server the server, once connected
	 * @param options the pgoutput options negotiated, once started
	 * @param positions the positions in the WAL
	 * @param lag how far behind the runner is
	 * @param slotHealth the slot as the server showed it at the last health check
	 * @param buffers transactions held until they commit
	 * @param reconnects how many times the stream reconnected
	 * @param listeners the listeners, in the order they are called
	 * @param lastError the failure that stopped the runner, or the one being retried
	 */
	public record RunnerDescriptor(String slot, List<String> publications, String state, boolean paused,
			boolean standby, @Nullable ServerDescriptor server, @Nullable OptionsDescriptor options,
			PositionsDescriptor positions, LagDescriptor lag, @Nullable SlotDescriptor slotHealth,
			TransactionAssembler.@Nullable Stats buffers, long reconnects, List<ListenerDescriptor> listeners,
			@Nullable ErrorDescriptor lastError) implements OperationResponseBody {

	}

	/**
	 * The server.
	 *
	 * @param version {@code server_version}
	 * @param versionNumber {@code server_version_num}
	 */
	public record ServerDescriptor(String version, int versionNumber) {

		static @Nullable ServerDescriptor of(@Nullable ServerInfo server) {
			return (server != null) ? new ServerDescriptor(server.version(), server.versionNumber()) : null;
		}

	}

	/**
	 * The pgoutput options the stream started with.
	 *
	 * @param protocolVersion {@code proto_version}
	 * @param streaming {@code off}, {@code on} or {@code parallel}
	 * @param binary whether values are sent in binary
	 * @param messages whether logical decoding messages are sent
	 * @param twoPhase whether prepared transactions are decoded at PREPARE
	 * @param origin the {@code origin} option, or {@code null} for the server's default
	 */
	public record OptionsDescriptor(int protocolVersion, String streaming, boolean binary, boolean messages,
			boolean twoPhase, @Nullable String origin) {

		static @Nullable OptionsDescriptor of(@Nullable NegotiatedOptions options) {
			return (options != null) ? new OptionsDescriptor(options.protocolVersion(),
					options.streaming().name().toLowerCase(Locale.ROOT), options.binary(), options.messages(),
					options.twoPhase(), options.origin()) : null;
		}

	}

	/**
	 * Positions in the WAL, as PostgreSQL prints them ({@code 16/B374D848}); {@code null} when not
	 * known yet.
	 *
	 * @param received the newest position received
	 * @param applied the end of the newest transaction the listeners handled and the runner
	 * acknowledged
	 * @param flushed the position the next status update reports as flushed: the acknowledged one, or
	 * the server's end of WAL while nothing is pending
	 * @param confirmed the flushed position last reported to the server
	 * @param serverWalEnd the server's end of WAL as it last said
	 */
	public record PositionsDescriptor(@Nullable String received, @Nullable String applied, @Nullable String flushed,
			@Nullable String confirmed, @Nullable String serverWalEnd) {

		static PositionsDescriptor of(ReplicationRunner runner, @Nullable StreamStatus status) {
			if (status == null) {
				return new PositionsDescriptor(null, lsn(runner.getAcknowledgedLsn()), null, null, null);
			}
			return new PositionsDescriptor(lsn(status.receivedLsn()), lsn(runner.getAcknowledgedLsn()),
					lsn(status.flushedLsn()), lsn(status.lastReportedFlushLsn()), lsn(status.serverWalEnd()));
		}

	}

	/**
	 * How far behind the runner is.
	 *
	 * @param bytes the server's end of WAL minus the confirmed position
	 * @param unacknowledgedBytes the received position minus the acknowledged one
	 * @param time the time lag as an ISO-8601 duration: now minus the commit time of the transaction
	 * in hand, or of the newest handled one; zero when caught up
	 * @param lastHandledCommitTime the commit time of the newest transaction handled
	 */
	public record LagDescriptor(long bytes, long unacknowledgedBytes, String time,
			@Nullable Instant lastHandledCommitTime) {

		static LagDescriptor of(ReplicationRunner runner, @Nullable StreamStatus status) {
			long bytes = (status != null) ? status.lagBytes() : 0;
			long unacknowledged = (status != null) ? Math.max(0, status.receivedLsn().minus(status.flushedLsn())) : 0;
			return new LagDescriptor(bytes, unacknowledged, runner.getLag().toString(),
					runner.getLastHandledCommitTime());
		}

	}

	/**
	 * The slot as {@code pg_replication_slots} showed it at the last health check.
	 *
	 * @param checkedAt when it was read
	 * @param exists whether the slot exists
	 * @param active whether a process streams from it
	 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
	 * @param retainedWalBytes WAL the server keeps for the slot
	 * @param safeWalSizeBytes WAL that may be written before the slot is in danger, or {@code null}
	 * when unlimited
	 * @param confirmedLagBytes the server's position minus the slot's confirmed position
	 * @param error why the check failed, or {@code null}
	 */
	public record SlotDescriptor(Instant checkedAt, boolean exists, boolean active, @Nullable String walStatus,
			long retainedWalBytes, @Nullable Long safeWalSizeBytes, long confirmedLagBytes, @Nullable String error) {

		static @Nullable SlotDescriptor of(@Nullable SlotHealth health) {
			return (health != null) ? new SlotDescriptor(health.checkedAt(), health.exists(), health.active(),
					health.walStatus(), health.retainedWalBytes(), health.safeWalSizeBytes(), health.confirmedLagBytes(),
					health.error()) : null;
		}

	}

	/**
	 * One listener.
	 *
	 * @param id the listener's id
	 * @param tables the tables it receives
	 * @param operations the operations it receives
	 * @param transactional whether it receives whole transactions
	 * @param active whether it receives events now
	 * @param invocations how many times it was called, retries included
	 * @param failures how many of those calls threw
	 */
	public record ListenerDescriptor(String id, List<String> tables, List<String> operations, boolean transactional,
			boolean active, long invocations, long failures) {

	}

	/**
	 * A failure.
	 *
	 * @param kind the kind, such as {@code listener} or {@code transient-connection}
	 * @param message the message, passwords masked
	 * @param retrying whether the runner is retrying (rather than stopped by it)
	 */
	public record ErrorDescriptor(String kind, String message, boolean retrying) {

		static @Nullable ErrorDescriptor of(ReplicationRunner runner, @Nullable StreamStatus status) {
			Throwable failure = runner.getFailure();
			if (runner.getState() == RunnerState.FAILED && failure != null) {
				FailureKind kind = runner.getFailureKind();
				return new ErrorDescriptor(((kind != null) ? kind : FailureKind.of(failure)).tag(),
						FailureKind.safeMessage(failure), false);
			}
			Throwable retried = (status != null) ? status.lastFailure() : null;
			if (retried != null && runner.isRunning()) {
				return new ErrorDescriptor(FailureKind.of(retried).tag(), FailureKind.safeMessage(retried), true);
			}
			return null;
		}

	}

}
