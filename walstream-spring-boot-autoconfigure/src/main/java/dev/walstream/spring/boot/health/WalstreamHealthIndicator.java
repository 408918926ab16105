package dev.walstream.spring.boot.health;

import java.time.Duration;
import java.util.Locale;

import dev.walstream.Lsn;
import dev.walstream.error.SlotException;
import dev.walstream.spring.listener.FailureKind;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.stream.SlotHealth;
import dev.walstream.stream.StreamStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of a {@link ReplicationRunner}:
 * <ul>
 * <li>{@code UP} while it streams, with a {@code standby} detail while another instance holds the
 * slot and this one waits to take over;</li>
 * <li>{@code OUT_OF_SERVICE} while paused;</li>
 * <li>{@code DOWN} while it connects or reconnects, when a failure stopped it (with the failure's
 * kind and message, passwords masked), when the server lost WAL the slot needed or the slot is
 * gone (with a {@code reason} saying that changes were or may be lost, whether the slot check or
 * the stream noticed it first), and when the lag exceeds a configured threshold;</li>
 * <li>{@code UNKNOWN} when it was not started or was stopped.</li>
 * </ul>
 * Details: the slot, the state, the confirmed and received positions, and the lag in bytes and in
 * time.
 *
 * @since 0.1.0
 */
public class WalstreamHealthIndicator extends AbstractHealthIndicator {

	private static final String SLOT_DROPPED = "the slot does not exist any more: changes made since the last "
			+ "acknowledged position may be lost; re-create the slot deliberately and resynchronise";

	private static final String WAL_LOST = "the server removed WAL the slot needed (wal_status = 'lost'): changes "
			+ "were lost; re-create the slot deliberately and resynchronise";

	private final ReplicationRunner runner;

	private final @Nullable Duration maxLag;

	private final @Nullable Long maxLagBytes;

	/**
	 * Creates an indicator without lag thresholds.
	 * @param runner the runner
	 */
	public WalstreamHealthIndicator(ReplicationRunner runner) {
		this(runner, null, null);
	}

	/**
	 * Creates an indicator.
	 * @param runner the runner
	 * @param maxLag the time lag beyond which the health is {@code DOWN}, or {@code null} for none
	 * @param maxLagBytes the WAL lag in bytes beyond which the health is {@code DOWN}, or
	 * {@code null} for none
	 */
	public WalstreamHealthIndicator(ReplicationRunner runner, @Nullable Duration maxLag, @Nullable Long maxLagBytes) {
		super("walstream health check failed");
		this.runner = runner;
		this.maxLag = maxLag;
		this.maxLagBytes = maxLagBytes;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RunnerState state = this.runner.getState();
		builder.withDetail("slot", this.runner.getSlotName()).withDetail("state", state.name().toLowerCase(Locale.ROOT));
		switch (state) {
			case STREAMING -> builder.up();
			case STANDBY -> builder.up().withDetail("standby", true);
			case PAUSED -> builder.outOfService();
			case CONNECTING -> builder.down();
			case FAILED -> builder.down();
			case STOPPED -> builder.unknown();
		}
		StreamStatus status = this.runner.getStatus();
		if (state == RunnerState.FAILED) {
			failure(builder, this.runner.getFailure(), this.runner.getFailureKind());
		}
		else if (state == RunnerState.CONNECTING && status != null && status.lastFailure() != null) {
			// the failure being retried, such as a restarting server
			failure(builder, status.lastFailure(), FailureKind.of(status.lastFailure()));
		}
		if (status == null || state == RunnerState.STOPPED) {
			return;
		}
		long lagBytes = status.lagBytes();
		Duration lag = this.runner.getLag();
		builder.withDetail("confirmedLsn", status.lastReportedFlushLsn().toString());
		if (status.receivedLsn().isValid()) {
			builder.withDetail("receivedLsn", status.receivedLsn().toString());
		}
		Lsn acknowledged = this.runner.getAcknowledgedLsn();
		if (acknowledged != null) {
			builder.withDetail("acknowledgedLsn", acknowledged.toString());
		}
		builder.withDetail("lagBytes", lagBytes).withDetail("lag", lag.toString());
		SlotHealth slot = status.slotHealth();
		if (slot != null && slot.error() == null) {
			lagBytes = Math.max(lagBytes, slot.confirmedLagBytes());
			builder.withDetail("retainedWalBytes", slot.retainedWalBytes());
			if (slot.walStatus() != null) {
				builder.withDetail("walStatus", slot.walStatus());
			}
			if (slot.isLost()) {
				builder.down().withDetail("reason", slot.exists() ? WAL_LOST : SLOT_DROPPED);
				return;
			}
		}
		if (state != RunnerState.STREAMING) {
			return;
		}
		if (this.maxLagBytes != null && lagBytes > this.maxLagBytes) {
			builder.down()
				.withDetail("reason", "the lag of " + lagBytes + " bytes exceeds walstream.health.max-lag-size ("
						+ this.maxLagBytes + " bytes)");
		}
		else if (this.maxLag != null && lag.compareTo(this.maxLag) > 0) {
			builder.down()
				.withDetail("reason", "the lag of " + lag + " exceeds walstream.health.max-lag (" + this.maxLag + ")");
		}
	}

	private static void failure(Health.Builder builder, @Nullable Throwable failure, @Nullable FailureKind kind) {
		if (failure == null) {
			return;
		}
		builder.withDetail("error", ((kind != null) ? kind : FailureKind.of(failure)).tag())
			.withDetail("message", FailureKind.safeMessage(failure));
		// the stream can notice a lost slot before the next slot check does, which then never comes
		if (failure instanceof SlotException slotFailure) {
			switch (slotFailure.getReason()) {
				case NOT_FOUND -> builder.withDetail("reason", SLOT_DROPPED);
				case INVALIDATED -> builder.withDetail("reason", WAL_LOST);
				case ACTIVE_ELSEWHERE, INCOMPATIBLE -> {
					// the message says it all; changes are not lost
				}
			}
		}
	}

}
