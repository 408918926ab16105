package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The changes an {@link TransactionAssembler} holds for one top-level transaction that has not
 * committed yet: all in memory, or, once spilled, all in its spill file, plus the first-change
 * position of each subtransaction. Not thread-safe.
 */
final class PendingTransaction {

	private final long xid;

	private final SubtransactionMarks subtransactions = new SubtransactionMarks();

	private @Nullable String gid;

	private long messageCount;

	private long byteCount;

	/** The messages while in memory; {@code null} once spilled. */
	private @Nullable List<ByteBuffer> messages = new ArrayList<>();

	/** The spill file once spilled; {@code null} before. */
	private @Nullable SpillFile file;

	PendingTransaction(long xid) {
		this.xid = xid;
	}

	long xid() {
		return this.xid;
	}

	/**
	 * Returns the global transaction id given when the transaction was prepared.
	 * @return the gid, or {@code null} if the transaction is not prepared
	 */
	@Nullable String gid() {
		return this.gid;
	}

	boolean isPrepared() {
		return this.gid != null;
	}

	void prepared(String gid) {
		this.gid = gid;
	}

	boolean isSpilled() {
		return this.file != null;
	}

	@Nullable SpillFile spillFile() {
		return this.file;
	}

	long messageCount() {
		return this.messageCount;
	}

	long byteCount() {
		return this.byteCount;
	}

	/**
	 * Returns the heap this transaction's messages are estimated to take.
	 * @return the estimate in bytes; 0 once spilled
	 */
	long memoryFootprint() {
		return (this.messages != null) ? memoryFootprint(this.messageCount, this.byteCount) : 0;
	}

	/**
	 * Returns the bytes the transaction's spill file takes on disk.
	 * @return the file's length, or 0 if not spilled
	 */
	long diskFootprint() {
		return (this.file != null) ? this.file.length() : 0;
	}

	static long memoryFootprint(long messageCount, long byteCount) {
		return byteCount + messageCount * TransactionAssembler.ENTRY_OVERHEAD_BYTES;
	}

	/**
	 * Adds a message at the end.
	 * @param subXid the (sub)transaction that made the change
	 * @param message the message, whose position and limit the caller will not change
	 * @param writer the writer for spilled transactions
	 */
	void append(long subXid, ByteBuffer message, SpillWriter writer) {
		if (subXid != this.xid) {
			this.subtransactions.noteChange(subXid, this.messageCount, this.byteCount);
		}
		if (this.file != null) {
			writer.append(this.file, message);
		}
		else {
			requireMessages().add(message);
		}
		this.messageCount++;
		this.byteCount += message.remaining();
	}

	/**
	 * Removes a subtransaction's changes: everything from its first change on.
	 * @param subXid the subtransaction's id
	 * @param writer the writer, flushed before a spill file is truncated
	 */
	void abortSubtransaction(long subXid, SpillWriter writer) {
		int index = this.subtransactions.indexOf(subXid);
		if (index < 0) {
			// no change, or its changes were already cut with an enclosing subtransaction's
			return;
		}
		long keptMessages = this.subtransactions.messageCountAt(index);
		long keptBytes = this.subtransactions.byteCountAt(index);
		if (this.file != null) {
			writer.flush(this.file);
			this.file.truncate(keptBytes + keptMessages * SpillWriter.HEADER_BYTES);
		}
		else {
			List<ByteBuffer> messages = requireMessages();
			messages.subList((int) keptMessages, messages.size()).clear();
		}
		this.subtransactions.truncate(index);
		this.messageCount = keptMessages;
		this.byteCount = keptBytes;
	}

	/**
	 * Moves the messages held in memory to a new spill file; from then on messages are appended to
	 * the file. If writing fails the messages stay in memory and the caller closes the file.
	 * @param target the new, empty file
	 * @param writer the writer
	 */
	void spillTo(SpillFile target, SpillWriter writer) {
		for (ByteBuffer message : requireMessages()) {
			writer.append(target, message);
		}
		// write now, while the messages are still in memory, so that a full disk loses nothing
		writer.flush(target);
		this.file = target;
		this.messages = null;
	}

	/**
	 * Hands the messages over to the caller; the transaction must not be used afterwards.
	 * @param writer the writer, flushed so that the whole file can be read
	 * @param releasedFiles where the spill file stays registered until the released transaction is
	 * closed
	 * @return the messages
	 */
	BufferedTransaction release(SpillWriter writer, Set<SpillFile> releasedFiles) {
		SpillFile spillFile = this.file;
		if (spillFile == null) {
			return new InMemoryTransaction(this.xid, this.gid, requireMessages(), this.byteCount);
		}
		writer.flush(spillFile);
		spillFile.checkUsable();
		// nothing more is written to it: the buffer must not point at a file its reader may close
		writer.forget(spillFile);
		releasedFiles.add(spillFile);
		return new SpilledTransaction(this.xid, this.gid, spillFile, this.messageCount, this.byteCount,
				() -> releasedFiles.remove(spillFile));
	}

	/**
	 * Drops the messages and deletes the spill file, if any.
	 * @param writer the writer, which forgets bytes buffered for the file
	 */
	void discard(SpillWriter writer) {
		this.messages = null;
		SpillFile spillFile = this.file;
		if (spillFile != null) {
			writer.forget(spillFile);
			spillFile.close();
		}
	}

	private List<ByteBuffer> requireMessages() {
		List<ByteBuffer> messages = this.messages;
		if (messages == null) {
			throw new IllegalStateException("Transaction " + this.xid + " has no messages in memory");
		}
		return messages;
	}

	@Override
	public String toString() {
		return "PendingTransaction[xid=" + this.xid + ((this.gid != null) ? ", gid=" + this.gid : "") + ", messages="
				+ this.messageCount + ", bytes=" + this.byteCount
				+ ((this.file != null) ? ", " + this.file : ", in memory") + "]";
	}

}
