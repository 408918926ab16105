package dev.walstream.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * What a consumer received, acknowledged and what the slot confirmed, in the order it happened,
 * checked against the {@link Ledger}'s truth: the exactness checker every scenario shares.
 *
 * <p>{@link #verify(Map)} checks that
 * <ul>
 * <li>every committed transaction was delivered, whole, with its rows in order, and nothing else
 * (no row of an aborted or unknown transaction);</li>
 * <li>first deliveries came in commit order, with increasing commit end LSNs;</li>
 * <li>a transaction delivered again was not acknowledged before: its end LSN lies above every
 * acknowledgement before the redelivery or, after a consumer restart, above the position the slot
 * held when the consumer died ({@link #restarted(Lsn)});</li>
 * <li>the slot never confirmed a transaction the application had not acknowledged: for every
 * {@link #slotConfirmed(Lsn) sample} of {@code confirmed_flush_lsn}, each transaction ending at or
 * below it was acknowledged before the sample.</li>
 * </ul>
 * Thread-safe.
 */
final class DeliveryLog {

	private final List<Entry> entries = new ArrayList<>();

	private final Set<Integer> seen = new HashSet<>();

	private int scanned;

	private @Nullable List<Long> open;

	private final Map<Long, Integer> txBySeq = new HashMap<>();

	synchronized void begin() {
		this.open = new ArrayList<>();
	}

	synchronized void row(long seq) {
		if (this.open == null) {
			this.entries.add(new Violation("row " + seq + " outside a transaction"));
			return;
		}
		this.open.add(seq);
	}

	/**
	 * Records a delivered transaction.
	 * @param endLsn its commit end LSN
	 */
	synchronized void commit(Lsn endLsn) {
		List<Long> rows = (this.open != null) ? this.open : List.of();
		this.open = null;
		this.entries.add(new Delivered(List.copyOf(rows), endLsn));
	}

	/**
	 * Records a whole delivered transaction at once (as read back from a consumer's file).
	 * @param seqs its rows
	 * @param endLsn its commit end LSN
	 */
	synchronized void delivered(List<Long> seqs, Lsn endLsn) {
		this.entries.add(new Delivered(List.copyOf(seqs), endLsn));
	}

	synchronized void acknowledged(Lsn lsn) {
		this.entries.add(new Acknowledged(lsn));
	}

	synchronized void slotConfirmed(Lsn confirmed) {
		this.entries.add(new SlotSample(confirmed));
	}

	/**
	 * Records a consumer restart: from here, transactions ending above {@code slotPosition} may come
	 * again (they were never confirmed to the server), those at or below it may not.
	 * @param slotPosition the slot's {@code confirmed_flush_lsn} after the consumer died
	 */
	synchronized void restarted(Lsn slotPosition) {
		this.entries.add(new Restart(slotPosition));
	}

	/**
	 * Returns whether every given transaction was delivered at least once.
	 * @param truth the ledger's truth
	 * @return whether the consumer has caught up
	 */
	synchronized boolean hasAll(Map<Integer, List<Long>> truth) {
		if (this.txBySeq.size() != truth.values().stream().mapToInt(List::size).sum()) {
			this.txBySeq.clear();
			indexFirstSeqs(truth);
			this.seen.clear();
			this.scanned = 0;
		}
		for (; this.scanned < this.entries.size(); this.scanned++) {
			if (this.entries.get(this.scanned) instanceof Delivered delivered && !delivered.seqs().isEmpty()) {
				Integer tx = this.txBySeq.get(delivered.seqs().get(0));
				if (tx != null) {
					this.seen.add(tx);
				}
			}
		}
		return this.seen.containsAll(truth.keySet());
	}

	private void indexFirstSeqs(Map<Integer, List<Long>> truth) {
		truth.forEach((tx, seqs) -> seqs.forEach((seq) -> this.txBySeq.put(seq, tx)));
	}

	synchronized int deliveries() {
		return (int) this.entries.stream().filter(Delivered.class::isInstance).count();
	}

	/**
	 * Checks the log against the truth.
	 * @param truth transaction number to its seqs, in commit order
	 * @return the outcome
	 */
	synchronized Verdict verify(Map<Integer, List<Long>> truth) {
		indexFirstSeqs(truth);
		List<String> violations = new ArrayList<>();
		Map<Integer, Lsn> firstEnd = new HashMap<>();
		Map<Integer, Integer> firstPosition = new HashMap<>();
		Map<Integer, Integer> ackPosition = new HashMap<>();
		int duplicates = 0;
		int lastTx = 0;
		Lsn lastEnd = Lsn.INVALID;
		Lsn acked = Lsn.INVALID;
		Lsn redeliveryFloor = Lsn.INVALID;
		for (int position = 0; position < this.entries.size(); position++) {
			Entry entry = this.entries.get(position);
			if (entry instanceof Violation violation) {
				violations.add(violation.text());
			}
			else if (entry instanceof Acknowledged ack) {
				acked = Lsn.max(acked, ack.lsn());
				for (Map.Entry<Integer, Lsn> delivered : firstEnd.entrySet()) {
					if (!delivered.getValue().isAfter(acked)) {
						ackPosition.putIfAbsent(delivered.getKey(), position);
					}
				}
			}
			else if (entry instanceof Restart restart) {
				redeliveryFloor = restart.slotPosition();
			}
			else if (entry instanceof Delivered delivered) {
				Integer tx = delivered.seqs().isEmpty() ? null : this.txBySeq.get(delivered.seqs().get(0));
				if (tx == null) {
					violations.add("delivered rows of no committed transaction: " + abbreviate(delivered.seqs()));
					continue;
				}
				if (!delivered.seqs().equals(truth.get(tx))) {
					violations.add("transaction " + tx + " not delivered whole and in order: got "
							+ abbreviate(delivered.seqs()) + ", committed " + abbreviate(truth.get(tx)));
				}
				if (firstEnd.containsKey(tx)) {
					duplicates++;
					Lsn floor = Lsn.max(redeliveryFloor, acknowledgedBeforeRestart(position));
					if (!delivered.endLsn().isAfter(floor)) {
						violations.add("transaction " + tx + " ending at " + delivered.endLsn()
								+ " delivered again although acknowledged up to " + floor);
					}
					continue;
				}
				if (tx < lastTx || !delivered.endLsn().isAfter(lastEnd)) {
					violations.add("transaction " + tx + " (end " + delivered.endLsn() + ") delivered after transaction "
							+ lastTx + " (end " + lastEnd + "): not in commit order");
				}
				lastTx = Math.max(lastTx, tx);
				lastEnd = Lsn.max(lastEnd, delivered.endLsn());
				firstEnd.put(tx, delivered.endLsn());
				firstPosition.put(tx, position);
			}
		}
		for (int position = 0; position < this.entries.size(); position++) {
			if (this.entries.get(position) instanceof SlotSample sample) {
				for (Map.Entry<Integer, Lsn> delivered : firstEnd.entrySet()) {
					Integer ackedAt = ackPosition.get(delivered.getKey());
					if (!delivered.getValue().isAfter(sample.confirmed()) && (ackedAt == null || ackedAt > position)) {
						violations.add("slot confirmed " + sample.confirmed() + " past transaction " + delivered.getKey()
								+ " (end " + delivered.getValue() + ") before the application acknowledged it");
					}
				}
			}
		}
		List<Integer> missing = new ArrayList<>();
		for (Integer tx : truth.keySet()) {
			if (!firstEnd.containsKey(tx)) {
				missing.add(tx);
			}
		}
		if (!missing.isEmpty()) {
			violations.add(missing.size() + " committed transactions never delivered: " + abbreviate(missing));
		}
		return new Verdict(truth.size(), firstEnd.size(), duplicates, violations);
	}

	/**
	 * In one consumer's life, an acknowledged transaction must not come again; across a restart the
	 * floor is what the slot held, recorded by {@link #restarted(Lsn)}.
	 */
	private Lsn acknowledgedBeforeRestart(int position) {
		Lsn acked = Lsn.INVALID;
		for (int i = position - 1; i >= 0; i--) {
			Entry entry = this.entries.get(i);
			if (entry instanceof Restart) {
				break;
			}
			if (entry instanceof Acknowledged ack) {
				acked = Lsn.max(acked, ack.lsn());
			}
		}
		return acked;
	}

	private static String abbreviate(@Nullable List<?> values) {
		if (values == null) {
			return "nothing";
		}
		return (values.size() <= 12) ? values.toString()
				: values.subList(0, 6) + "..." + values.subList(values.size() - 3, values.size()) + " (" + values.size()
						+ ")";
	}

	private sealed interface Entry permits Delivered, Acknowledged, SlotSample, Restart, Violation {

	}

	private record Delivered(List<Long> seqs, Lsn endLsn) implements Entry {

	}

	private record Acknowledged(Lsn lsn) implements Entry {

	}

	private record SlotSample(Lsn confirmed) implements Entry {

	}

	private record Restart(Lsn slotPosition) implements Entry {

	}

	private record Violation(String text) implements Entry {

	}

	/**
	 * The outcome of a check.
	 *
	 * @param committed transactions the database committed
	 * @param delivered distinct transactions delivered
	 * @param duplicates deliveries of a transaction already delivered
	 * @param violations what broke the rules; empty when exact
	 */
	record Verdict(int committed, int delivered, int duplicates, List<String> violations) {

		@Override
		public String toString() {
			return "committed=" + this.committed + " delivered=" + this.delivered + " duplicates=" + this.duplicates
					+ " violations=" + this.violations.size() + (this.violations.isEmpty() ? ""
							: ": " + String.join("; ", this.violations.subList(0, Math.min(5, this.violations.size()))));
		}

	}

}
