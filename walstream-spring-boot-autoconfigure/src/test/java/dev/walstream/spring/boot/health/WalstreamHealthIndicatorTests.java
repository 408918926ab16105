package dev.walstream.spring.boot.health;

import java.time.Duration;

import dev.walstream.error.AuthenticationException;
import dev.walstream.error.SlotException;
import dev.walstream.error.TransientConnectionException;
import dev.walstream.spring.listener.FailureKind;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.RunnerState;
import dev.walstream.spring.testsupport.Statuses;
import dev.walstream.stream.TransactionAssembler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class WalstreamHealthIndicatorTests {

	private final ReplicationRunner runner = mock(ReplicationRunner.class);

	@BeforeEach
	void slot() {
		given(this.runner.getSlotName()).willReturn("orders_slot");
		given(this.runner.getLag()).willReturn(Duration.ZERO);
	}

	@Test
	void streamingIsUpWithPositionsAndLag() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getStatus())
			.willReturn(Statuses.status(0x3000, 0x2000, 0x1000, 0x4000, Statuses.slot("reserved", 0x500, null)));
		given(this.runner.getLag()).willReturn(Duration.ofMillis(1500));
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("slot", "orders_slot")
			.containsEntry("state", "streaming")
			.containsEntry("confirmedLsn", "0/1000")
			.containsEntry("receivedLsn", "0/3000")
			.containsEntry("lagBytes", 0x3000L)
			.containsEntry("lag", "PT1.5S")
			.containsEntry("walStatus", "reserved")
			.containsEntry("retainedWalBytes", 0x500L)
			.doesNotContainKeys("standby", "error", "reason");
	}

	@Test
	void standbyIsUpWithStandbyDetail() {
		given(this.runner.getState()).willReturn(RunnerState.STANDBY);
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("standby", true).containsEntry("state", "standby");
	}

	@Test
	void pausedIsOutOfService() {
		given(this.runner.getState()).willReturn(RunnerState.PAUSED);
		given(this.runner.getStatus()).willReturn(Statuses.status(0x3000, 0x2000, 0x1000, 0x4000, null));
		assertThat(new WalstreamHealthIndicator(this.runner).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void stoppedIsUnknown() {
		given(this.runner.getState()).willReturn(RunnerState.STOPPED);
		assertThat(new WalstreamHealthIndicator(this.runner).health().getStatus()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void failedIsDownWithKindAndMessageWithoutPassword() {
		given(this.runner.getState()).willReturn(RunnerState.FAILED);
		given(this.runner.getFailure()).willReturn(
				new AuthenticationException("Connecting to host=db user=cdc password=s3cret failed: wrong password"));
		given(this.runner.getFailureKind()).willReturn(FailureKind.AUTHENTICATION);
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "authentication")
			.containsEntry("message", "Connecting to host=db user=cdc password=****** failed: wrong password");
	}

	@Test
	void failedByListenerNamesListenerKind() {
		given(this.runner.getState()).willReturn(RunnerState.FAILED);
		given(this.runner.getFailure()).willReturn(new IllegalStateException("no thirteens"));
		given(this.runner.getFailureKind()).willReturn(FailureKind.LISTENER);
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "listener").containsEntry("message", "no thirteens");
	}

	@Test
	void reconnectingIsDownWithTheFailureBeingRetried() {
		given(this.runner.getState()).willReturn(RunnerState.CONNECTING);
		given(this.runner.getStatus()).willReturn(Statuses.status(0x3000, 0x3000, 0x3000, 0x3000, null,
				new TransientConnectionException("the server closed the connection"), 1,
				new TransactionAssembler.Stats(0, 0, 0, 0, 0, 0)));
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "transient-connection")
			.containsEntry("message", "the server closed the connection");
	}

	@Test
	void lostWalIsDown() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getStatus())
			.willReturn(Statuses.status(0x3000, 0x3000, 0x3000, 0x3000, Statuses.slot("lost", 0x500, null)));
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("walStatus", "lost").containsKey("reason");
	}

	@Test
	void missingSlotIsDown() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getStatus()).willReturn(Statuses.status(0x3000, 0x3000, 0x3000, 0x3000, Statuses.missingSlot()));
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("reason")).startsWith("the slot does not exist any more")
			.contains("may be lost");
	}

	@Test
	void failedBecauseTheSlotWasDroppedSaysChangesMayBeLostBeforeAnySlotCheck() {
		given(this.runner.getState()).willReturn(RunnerState.FAILED);
		given(this.runner.getFailure()).willReturn(new SlotException("orders_slot", SlotException.Reason.NOT_FOUND,
				"replication slot \"orders_slot\" does not exist", null));
		given(this.runner.getFailureKind()).willReturn(FailureKind.SLOT);
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "slot");
		assertThat((String) health.getDetails().get("reason")).contains("may be lost");
	}

	@Test
	void failedBecauseAnotherInstanceHoldsTheSlotGivesNoLossReason() {
		given(this.runner.getState()).willReturn(RunnerState.FAILED);
		given(this.runner.getFailure()).willReturn(new SlotException("orders_slot",
				SlotException.Reason.ACTIVE_ELSEWHERE, "replication slot \"orders_slot\" is active", null));
		given(this.runner.getFailureKind()).willReturn(FailureKind.SLOT);
		Health health = new WalstreamHealthIndicator(this.runner).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "slot").doesNotContainKey("reason");
	}

	@Test
	void lagThresholdsAreOffByDefault() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getStatus()).willReturn(Statuses.status(0, 0, 0, 1L << 40, null));
		given(this.runner.getLag()).willReturn(Duration.ofDays(3));
		assertThat(new WalstreamHealthIndicator(this.runner).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void lagInBytesBeyondThresholdIsDown() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getStatus()).willReturn(Statuses.status(0x3000, 0x1000, 0x1000, 0x3000, null));
		assertThat(new WalstreamHealthIndicator(this.runner, null, 0x2000L).health().getStatus()).isEqualTo(Status.UP);
		Health health = new WalstreamHealthIndicator(this.runner, null, 0x1000L).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("reason")).contains("walstream.health.max-lag-size");
	}

	@Test
	void lagInBytesCountsTheServersViewOfTheSlot() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		// retained 0x8000, so the slot's confirmed lag is 0x4000, more than the stream knows of
		given(this.runner.getStatus())
			.willReturn(Statuses.status(0x3000, 0x3000, 0x3000, 0x3000, Statuses.slot("reserved", 0x8000, null)));
		assertThat(new WalstreamHealthIndicator(this.runner, null, 0x1000L).health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void lagInTimeBeyondThresholdIsDown() {
		given(this.runner.getState()).willReturn(RunnerState.STREAMING);
		given(this.runner.getStatus()).willReturn(Statuses.status(0x3000, 0x3000, 0x3000, 0x3000, null));
		given(this.runner.getLag()).willReturn(Duration.ofMinutes(2));
		assertThat(new WalstreamHealthIndicator(this.runner, Duration.ofMinutes(5), null).health().getStatus())
			.isEqualTo(Status.UP);
		Health health = new WalstreamHealthIndicator(this.runner, Duration.ofMinutes(1), null).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("reason")).contains("walstream.health.max-lag");
	}

}
