package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.walstream.error.ProtocolException;
import dev.walstream.error.SpillException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the changes of transactions that have not committed yet, within a memory bound, spilling
 * the largest to local disk, and hands them back in order when they commit.
 *
 * <p>Which transactions need it:
 * <ul>
 * <li>Streamed transactions (protocol version 2 and later, {@code streaming = on}): a large
 * transaction arrives in blocks from stream start to stream stop, before anyone knows whether it
 * will commit. {@link #append} each change message of a block under the block's top-level xid and
 * the (sub)transaction xid the message carries; on stream commit {@link #release} it, on a stream
 * abort whose subtransaction xid equals the xid {@link #discard} it, on any other stream abort
 * {@link #abortSubtransaction abort the subtransaction}.
 * <li>Parallel streaming (version 4, {@code streaming = parallel}): blocks of several transactions
 * interleave; each top-level xid has its own buffer, so nothing changes.
 * <li>Two-phase commit (version 3, {@code two_phase}): the changes between begin prepare and prepare
 * (or a streamed transaction ending with stream prepare) are appended, then {@link #prepare} marks
 * the transaction; commit prepared {@link #release releases} it and rollback prepared
 * {@link #discard discards} it.
 * </ul>
 * Relation and type messages inside a stream block belong in the transaction as well: they carry
 * the subtransaction's xid, and pgoutput sends the schema again after any stream abort.
 *
 * <p>The assembler stores each message's raw pgoutput bytes; the consumer parses them again on
 * release. That keeps spill files simple and the memory accounting exact. Memory is accounted as
 * each message's length plus {@link #ENTRY_OVERHEAD_BYTES}. Before a message is added in memory,
 * while the total would exceed the bound, the largest transaction held in memory (counting the
 * message about to be added) is spilled to its own file, and from then on that transaction's
 * messages go straight to its file. A bound of 0 spills every transaction with its first message.
 * A subtransaction abort truncates the transaction back to the subtransaction's first change, in
 * memory or in the file, as PostgreSQL's own apply worker does.
 *
 * <p>Spill files are created, on first need, in the spill directory (created owner-only if
 * missing), readable by their owner only, and are unlinked as soon as they are open where the
 * operating system allows it, so that no change data outlives the process; their space returns
 * when the transaction is released and closed, discarded, or when this assembler is closed. A file
 * holds one record per message: the message's length as a big-endian 32-bit integer, then its
 * bytes. An I/O error (a full disk, an unwritable directory) throws a
 * {@link SpillException} that names the file and the transaction; changes are never dropped
 * silently.
 *
 * <p>Not thread-safe: one stream has one reader thread, which is the only one to use its assembler.
 *
 * @since 0.1.0
 */
public final class TransactionAssembler implements AutoCloseable {

	/**
	 * The longest message accepted, in bytes: PostgreSQL builds a message in one allocation, which
	 * it caps at {@code MaxAllocSize}, 1 GB less one byte.
	 */
	public static final int MAX_MESSAGE_BYTES = 0x3FFF_FFFF;

	/**
	 * The memory accounted for each message held in memory on top of its length: the buffer view and
	 * list slot the assembler adds, and the array header and replication frame header that come with
	 * the bytes pgjdbc hands over.
	 */
	public static final int ENTRY_OVERHEAD_BYTES = 96;

	private static final long MAX_XID = 0xFFFF_FFFFL;

	private static final Logger logger = LoggerFactory.getLogger(TransactionAssembler.class);

	private final Path spillDirectory;

	private final long maxBytesInMemory;

	/** In arrival order, so that a tie between spill candidates goes to the oldest transaction. */
	private final Map<Long, PendingTransaction> transactions = new LinkedHashMap<>();

	/** Files of released transactions not closed yet: {@link #close()} deletes them too. */
	private final Set<SpillFile> releasedFiles = new HashSet<>();

	private final SpillWriter writer = new SpillWriter();

	/** The transaction appended to last: a stream block appends to one transaction many times. */
	private @Nullable PendingTransaction current;

	private long bytesInMemory;

	private long transactionsSpilled;

	private long bytesSpilled;

	private boolean closed;

	/**
	 * Creates an assembler.
	 * @param spillDirectory where spill files go; created when the first transaction is spilled
	 * @param maxBytesInMemory how many bytes of messages (plus {@link #ENTRY_OVERHEAD_BYTES} each) to
	 * hold in memory before spilling; 0 spills everything
	 */
	public TransactionAssembler(Path spillDirectory, long maxBytesInMemory) {
		Objects.requireNonNull(spillDirectory, "spillDirectory");
		if (maxBytesInMemory < 0) {
			throw new IllegalArgumentException("maxBytesInMemory must not be negative, was " + maxBytesInMemory);
		}
		this.spillDirectory = spillDirectory;
		this.maxBytesInMemory = maxBytesInMemory;
	}

	/**
	 * Adds a change message at the end of a transaction, which is opened if it is new.
	 *
	 * <p>A message kept in memory is not copied: the assembler keeps a view of its bytes until the
	 * transaction is spilled, released or discarded, so they must not be modified or reused by the
	 * caller (pgjdbc hands each message in a fresh array). The view has its own position and limit;
	 * the caller may move the buffer's.
	 *
	 * <p>If this throws because spilling failed, the message was not added and every message added
	 * before is still held. If it throws because the transaction's own spill file failed, the
	 * transaction can no longer be released, only discarded.
	 * @param topXid the top-level transaction's id, from the stream start (or begin prepare)
	 * @param subXid the id the message carries: {@code topXid} itself for a change of the top-level
	 * transaction, a subtransaction's own id for a change made inside a savepoint; {@code topXid}
	 * also for a message outside a stream block, which carries no id
	 * @param message the message's bytes, from position to limit
	 * @throws ProtocolException if the message is longer than {@link #MAX_MESSAGE_BYTES}
	 * @throws SpillException if spilling failed
	 * @throws IllegalStateException if the transaction is prepared or this assembler is closed
	 */
	public void append(long topXid, long subXid, ByteBuffer message) {
		checkOpen();
		checkXid(topXid, "topXid");
		checkXid(subXid, "subXid");
		int length = message.remaining();
		if (length > MAX_MESSAGE_BYTES) {
			throw new ProtocolException("pgoutput", 0, "a message of " + length + " bytes for transaction " + topXid
					+ " exceeds PostgreSQL's limit of " + MAX_MESSAGE_BYTES + " bytes");
		}
		PendingTransaction transaction = this.current;
		if (transaction == null || transaction.xid() != topXid) {
			transaction = this.transactions.computeIfAbsent(topXid, PendingTransaction::new);
			this.current = transaction;
		}
		if (transaction.isPrepared()) {
			throw new IllegalStateException("Transaction " + topXid + " is prepared (gid '" + transaction.gid()
					+ "') and takes no more changes");
		}
		try {
			if (!transaction.isSpilled()) {
				makeRoomFor(transaction, PendingTransaction.memoryFootprint(1, length));
			}
			long memoryBefore = transaction.memoryFootprint();
			long diskBefore = transaction.diskFootprint();
			transaction.append(subXid, message.duplicate(), this.writer);
			this.bytesInMemory += transaction.memoryFootprint() - memoryBefore;
			this.bytesSpilled += transaction.diskFootprint() - diskBefore;
		}
		catch (RuntimeException ex) {
			forgetIfEmpty(transaction, ex);
			throw ex;
		}
	}

	/**
	 * Spills the largest transactions held in memory until a message of the given cost fits, or
	 * until the transaction the message is for has been spilled.
	 */
	private void makeRoomFor(PendingTransaction target, long cost) {
		while (this.bytesInMemory + cost > this.maxBytesInMemory) {
			PendingTransaction largest = largestInMemory(target, cost);
			spill(largest);
			if (largest == target) {
				return;
			}
		}
	}

	private PendingTransaction largestInMemory(PendingTransaction target, long cost) {
		// the target is held and in memory, so it is a candidate at the very least
		PendingTransaction largest = target;
		long largestFootprint = -1;
		for (PendingTransaction transaction : this.transactions.values()) {
			if (transaction.isSpilled()) {
				continue;
			}
			long footprint = transaction.memoryFootprint() + ((transaction == target) ? cost : 0);
			if (footprint > largestFootprint) {
				largest = transaction;
				largestFootprint = footprint;
			}
		}
		return largest;
	}

	private void spill(PendingTransaction transaction) {
		SpillFile file = SpillFile.create(this.spillDirectory, transaction.xid());
		long footprint = transaction.memoryFootprint();
		try {
			transaction.spillTo(file, this.writer);
		}
		catch (RuntimeException ex) {
			this.writer.forget(file);
			closeQuietly(file, ex);
			throw ex;
		}
		this.bytesInMemory -= footprint;
		this.transactionsSpilled++;
		this.bytesSpilled += file.length();
		logger.debug("Spilled transaction {} ({} messages, {} bytes) to {}: more than {} bytes in memory",
				transaction.xid(), transaction.messageCount(), transaction.byteCount(), file.path(),
				this.maxBytesInMemory);
	}

	/** A transaction opened by a failed append is not worth keeping: it would only confuse contains(). */
	private void forgetIfEmpty(PendingTransaction transaction, RuntimeException failure) {
		if (transaction.messageCount() == 0 && !transaction.isPrepared()) {
			remove(transaction.xid());
			try {
				transaction.discard(this.writer);
			}
			catch (RuntimeException ex) {
				failure.addSuppressed(ex);
			}
		}
	}

	/**
	 * Rolls back a subtransaction, as a stream abort whose subtransaction id differs from the
	 * transaction's does: the transaction is cut back to the subtransaction's first change, which
	 * also drops the later changes of subtransactions nested in it. Does nothing if the
	 * subtransaction made no change (or lost them already with an enclosing subtransaction), or if
	 * the transaction is unknown. If {@code subXid} equals {@code topXid}, discards the whole
	 * transaction.
	 * @param topXid the top-level transaction's id
	 * @param subXid the subtransaction's id
	 * @throws SpillException if the spill file cannot be truncated
	 * @throws IllegalStateException if the transaction is prepared or this assembler is closed
	 */
	public void abortSubtransaction(long topXid, long subXid) {
		checkOpen();
		checkXid(topXid, "topXid");
		checkXid(subXid, "subXid");
		if (subXid == topXid) {
			discard(topXid);
			return;
		}
		PendingTransaction transaction = this.transactions.get(topXid);
		if (transaction == null) {
			return;
		}
		if (transaction.isPrepared()) {
			throw new IllegalStateException("Transaction " + topXid + " is prepared (gid '" + transaction.gid()
					+ "'): subtransaction " + subXid + " cannot abort any more");
		}
		long memoryBefore = transaction.memoryFootprint();
		transaction.abortSubtransaction(subXid, this.writer);
		this.bytesInMemory += transaction.memoryFootprint() - memoryBefore;
	}

	/**
	 * Marks a transaction prepared (two-phase commit): it takes no more changes and waits, spilled
	 * if it is large, for {@link #release} (commit prepared) or {@link #discard} (rollback prepared).
	 * A transaction without changes is registered too, so that its gid is known.
	 *
	 * <p>Whoever acknowledges positions must not acknowledge past the prepare while the
	 * transaction is held here: after a reconnect the server would send only the commit prepared,
	 * and {@link #release} would return nothing.
	 * @param topXid the transaction's id
	 * @param gid the global transaction id from the prepare message, kept for diagnostics
	 * @throws IllegalStateException if the transaction is prepared already or this assembler is closed
	 */
	public void prepare(long topXid, String gid) {
		checkOpen();
		checkXid(topXid, "topXid");
		Objects.requireNonNull(gid, "gid");
		PendingTransaction transaction = this.transactions.computeIfAbsent(topXid, PendingTransaction::new);
		if (transaction.isPrepared()) {
			throw new IllegalStateException(
					"Transaction " + topXid + " is prepared already (gid '" + transaction.gid() + "')");
		}
		transaction.prepared(gid);
	}

	/**
	 * Drops a transaction that aborted or was rolled back, deleting its spill file. Does nothing if
	 * the transaction is unknown.
	 * @param topXid the transaction's id
	 * @throws SpillException if the spill file cannot be deleted
	 * @throws IllegalStateException if this assembler is closed
	 */
	public void discard(long topXid) {
		checkOpen();
		checkXid(topXid, "topXid");
		PendingTransaction transaction = remove(topXid);
		if (transaction != null) {
			this.bytesInMemory -= transaction.memoryFootprint();
			transaction.discard(this.writer);
		}
	}

	/**
	 * Hands a committed transaction's messages over, in the order they were appended, and forgets
	 * the transaction. The caller closes the result when done, which frees its memory and deletes
	 * its spill file. An unknown transaction (one without changes, say) comes back empty.
	 * @param topXid the transaction's id
	 * @return the transaction's messages
	 * @throws SpillException if the transaction's spill file failed; the transaction stays held, to
	 * be discarded
	 * @throws IllegalStateException if this assembler is closed
	 */
	public BufferedTransaction release(long topXid) {
		checkOpen();
		checkXid(topXid, "topXid");
		PendingTransaction transaction = this.transactions.get(topXid);
		if (transaction == null) {
			return new InMemoryTransaction(topXid, null, List.of(), 0);
		}
		BufferedTransaction released = transaction.release(this.writer, this.releasedFiles);
		remove(topXid);
		this.bytesInMemory -= transaction.memoryFootprint();
		return released;
	}

	/**
	 * Whether a transaction is held: open, or prepared and waiting for its outcome.
	 * @param topXid the transaction's id
	 * @return {@code true} if the transaction is held
	 */
	public boolean contains(long topXid) {
		return this.transactions.containsKey(topXid);
	}

	/**
	 * Returns the current figures, for metrics and logs.
	 * @return the figures
	 */
	public Stats stats() {
		long bytesOnDisk = 0;
		int prepared = 0;
		for (PendingTransaction transaction : this.transactions.values()) {
			bytesOnDisk += transaction.diskFootprint();
			prepared += transaction.isPrepared() ? 1 : 0;
		}
		return new Stats(this.bytesInMemory, bytesOnDisk, this.transactions.size(), prepared,
				this.transactionsSpilled, this.bytesSpilled);
	}

	/**
	 * Returns the spill file of a held transaction; for tests and diagnostics.
	 * @param topXid the transaction's id
	 * @return the file, or {@code null} if the transaction is not held or not spilled
	 */
	@Nullable SpillFile spillFileOf(long topXid) {
		PendingTransaction transaction = this.transactions.get(topXid);
		return (transaction != null) ? transaction.spillFile() : null;
	}

	/**
	 * Drops every transaction held and deletes every spill file, including those of released
	 * transactions not closed yet (which can then no longer be read). Does nothing when called again.
	 * @throws SpillException if a spill file cannot be deleted; the others are deleted all the same
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		RuntimeException failure = null;
		for (PendingTransaction transaction : this.transactions.values()) {
			try {
				transaction.discard(this.writer);
			}
			catch (RuntimeException ex) {
				failure = collect(failure, ex);
			}
		}
		for (SpillFile file : new ArrayList<>(this.releasedFiles)) {
			try {
				file.close();
			}
			catch (RuntimeException ex) {
				failure = collect(failure, ex);
			}
		}
		this.transactions.clear();
		this.releasedFiles.clear();
		this.current = null;
		this.bytesInMemory = 0;
		if (failure != null) {
			throw failure;
		}
	}

	private static RuntimeException collect(@Nullable RuntimeException failure, RuntimeException ex) {
		if (failure == null) {
			return ex;
		}
		failure.addSuppressed(ex);
		return failure;
	}

	private @Nullable PendingTransaction remove(long topXid) {
		PendingTransaction transaction = this.transactions.remove(topXid);
		if (transaction != null && transaction == this.current) {
			this.current = null;
		}
		return transaction;
	}

	private static void closeQuietly(SpillFile file, RuntimeException failure) {
		try {
			file.close();
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("TransactionAssembler is closed");
		}
	}

	private static void checkXid(long xid, String name) {
		if (xid < 1 || xid > MAX_XID) {
			throw new IllegalArgumentException(
					name + " must be a valid transaction id, an unsigned 32-bit number other than 0, but was " + xid);
		}
	}

	/**
	 * What an assembler holds now and has spilled so far.
	 *
	 * @param bytesInMemory the memory accounted for messages held in memory: their lengths plus
	 * {@link #ENTRY_OVERHEAD_BYTES} each
	 * @param bytesOnDisk the length of the spill files of the transactions held, record headers
	 * included (released transactions not counted)
	 * @param openTransactions the number of transactions held, prepared ones included
	 * @param preparedTransactions the number of prepared transactions held
	 * @param transactionsSpilled how many times a transaction was spilled since the assembler was
	 * created
	 * @param bytesSpilled the bytes written to spill files since the assembler was created, record
	 * headers included; truncation does not reduce it
	 * @since 0.1.0
	 */
	public record Stats(long bytesInMemory, long bytesOnDisk, int openTransactions, int preparedTransactions,
			long transactionsSpilled, long bytesSpilled) {

	}

}
