package dev.walstream.stream;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each subtransaction of one transaction made its first change, in the order the first
 * changes arrived: what a subtransaction abort needs to cut the transaction back.
 *
 * <p>This follows PostgreSQL's own apply worker ({@code subxact_info_add} and
 * {@code stream_abort_internal} in {@code worker.c}): a subtransaction is entered on its first
 * change, and aborting it truncates the transaction to that change and forgets every subtransaction
 * entered after it. Changes after a subtransaction's first change and before its abort belong to it
 * or to subtransactions nested in it, because one backend writes them in order, so nothing else is
 * lost. A position is the number of messages and of message bytes before the first change, which
 * locates it both in memory and in a spill file.
 *
 * <p>Positions live in primitive arrays and a map from subtransaction id to index, because a
 * PL/pgSQL loop with an exception block makes one subtransaction per iteration: a million
 * subtransactions cost about 100 bytes each here. Not thread-safe.
 */
final class SubtransactionMarks {

	private static final long NONE = 0;

	private final Map<Long, Integer> indexBySubXid = new HashMap<>();

	private long[] subXids = new long[4];

	private long[] messageCounts = new long[4];

	private long[] byteCounts = new long[4];

	private int size;

	/** Consecutive changes nearly always come from the same subtransaction: skip the map for them. */
	private long lastSubXid = NONE;

	/**
	 * Records the position of a subtransaction's change, if it is the subtransaction's first.
	 * @param subXid the subtransaction's id
	 * @param messageCount the number of messages before the change
	 * @param byteCount the number of message bytes before the change
	 */
	void noteChange(long subXid, long messageCount, long byteCount) {
		if (subXid == this.lastSubXid) {
			return;
		}
		this.lastSubXid = subXid;
		if (this.indexBySubXid.putIfAbsent(subXid, this.size) != null) {
			return;
		}
		if (this.size == this.subXids.length) {
			int capacity = this.size * 2;
			this.subXids = Arrays.copyOf(this.subXids, capacity);
			this.messageCounts = Arrays.copyOf(this.messageCounts, capacity);
			this.byteCounts = Arrays.copyOf(this.byteCounts, capacity);
		}
		this.subXids[this.size] = subXid;
		this.messageCounts[this.size] = messageCount;
		this.byteCounts[this.size] = byteCount;
		this.size++;
	}

	/**
	 * Returns the index of a subtransaction's entry.
	 * @param subXid the subtransaction's id
	 * @return the index, or -1 if the subtransaction made no change (or it was cut away)
	 */
	int indexOf(long subXid) {
		Integer index = this.indexBySubXid.get(subXid);
		return (index != null) ? index : -1;
	}

	/**
	 * Returns the number of messages before the first change of an entry's subtransaction.
	 * @param index the entry's index
	 * @return the message count
	 */
	long messageCountAt(int index) {
		return this.messageCounts[index];
	}

	/**
	 * Returns the number of message bytes before the first change of an entry's subtransaction.
	 * @param index the entry's index
	 * @return the byte count
	 */
	long byteCountAt(int index) {
		return this.byteCounts[index];
	}

	/**
	 * Forgets the entry at an index and every entry after it.
	 * @param index the first entry to forget
	 */
	void truncate(int index) {
		for (int i = index; i < this.size; i++) {
			this.indexBySubXid.remove(this.subXids[i]);
		}
		this.size = index;
		this.lastSubXid = NONE;
	}

	/**
	 * Returns the number of subtransactions with changes.
	 * @return the entry count
	 */
	int size() {
		return this.size;
	}

}
