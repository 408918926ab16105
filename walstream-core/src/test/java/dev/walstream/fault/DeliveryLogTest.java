package dev.walstream.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.walstream.Lsn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactness checker catches what it is meant to catch, so that a passing fault scenario means
 * something.
 */
class DeliveryLogTest {

	private final Map<Integer, List<Long>> truth = new LinkedHashMap<>(
			Map.of(1, List.of(1L, 2L), 2, List.of(3L, 4L), 3, List.of(5L, 6L)));

	@Test
	void exactDeliveryShouldPass() {
		DeliveryLog log = new DeliveryLog();
		deliver(log, 1, 100, true);
		log.slotConfirmed(Lsn.of(100));
		deliver(log, 2, 200, true);
		deliver(log, 3, 300, true);
		assertThat(log.hasAll(this.truth)).isTrue();
		assertThat(log.verify(this.truth).violations()).isEmpty();
	}

	@Test
	void missingTransactionShouldBeReported() {
		DeliveryLog log = new DeliveryLog();
		deliver(log, 1, 100, true);
		deliver(log, 3, 300, true);
		assertThat(log.hasAll(this.truth)).isFalse();
		assertThat(log.verify(this.truth).violations()).anyMatch((text) -> text.contains("never delivered: [2]"));
	}

	@Test
	void partialTransactionShouldBeReported() {
		DeliveryLog log = new DeliveryLog();
		log.delivered(List.of(1L), Lsn.of(100));
		assertThat(log.verify(this.truth).violations()).anyMatch((text) -> text.contains("not delivered whole"));
	}

	@Test
	void transactionsOutOfCommitOrderShouldBeReported() {
		DeliveryLog log = new DeliveryLog();
		deliver(log, 2, 200, true);
		deliver(log, 1, 100, true);
		assertThat(log.verify(this.truth).violations()).anyMatch((text) -> text.contains("not in commit order"));
	}

	@Test
	void redeliveryOfAnAcknowledgedTransactionShouldBeReported() {
		DeliveryLog log = new DeliveryLog();
		deliver(log, 1, 100, true);
		deliver(log, 1, 100, false);
		DeliveryLog.Verdict verdict = log.verify(this.truth);
		assertThat(verdict.duplicates()).isOne();
		assertThat(verdict.violations()).anyMatch((text) -> text.contains("delivered again although acknowledged"));
	}

	@Test
	void redeliveryAboveTheSlotPositionAfterARestartShouldBeAllowed() {
		DeliveryLog log = new DeliveryLog();
		deliver(log, 1, 100, true);
		deliver(log, 2, 200, true);
		log.restarted(Lsn.of(100));
		deliver(log, 2, 200, true);
		deliver(log, 3, 300, true);
		DeliveryLog.Verdict verdict = log.verify(this.truth);
		assertThat(verdict.duplicates()).isOne();
		assertThat(verdict.violations()).isEmpty();
	}

	@Test
	void slotConfirmingAnUnacknowledgedTransactionShouldBeReported() {
		DeliveryLog log = new DeliveryLog();
		deliver(log, 1, 100, false);
		log.slotConfirmed(Lsn.of(100));
		log.acknowledged(Lsn.of(100));
		assertThat(log.verify(this.truth).violations()).anyMatch((text) -> text.contains("slot confirmed 0/64"));
	}

	@Test
	void rowsOfNoCommittedTransactionShouldBeReported() {
		DeliveryLog log = new DeliveryLog();
		log.delivered(List.of(99L), Lsn.of(100));
		assertThat(log.verify(this.truth).violations()).anyMatch((text) -> text.contains("no committed transaction"));
	}

	private void deliver(DeliveryLog log, int tx, long end, boolean acknowledge) {
		log.begin();
		this.truth.get(tx).forEach(log::row);
		log.commit(Lsn.of(end));
		if (acknowledge) {
			log.acknowledged(Lsn.of(end));
		}
	}

}
