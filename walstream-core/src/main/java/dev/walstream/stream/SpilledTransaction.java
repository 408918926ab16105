package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.util.Iterator;

import org.jspecify.annotations.Nullable;

/**
 * A released transaction whose messages are in a spill file, read back on iteration. Closing it
 * deletes the file. Not thread-safe.
 */
final class SpilledTransaction implements BufferedTransaction {

	private final long xid;

	private final @Nullable String gid;

	private final SpillFile file;

	private final long messageCount;

	private final long byteCount;

	private final Runnable onClose;

	private boolean closed;

	SpilledTransaction(long xid, @Nullable String gid, SpillFile file, long messageCount, long byteCount,
			Runnable onClose) {
		this.xid = xid;
		this.gid = gid;
		this.file = file;
		this.messageCount = messageCount;
		this.byteCount = byteCount;
		this.onClose = onClose;
	}

	@Override
	public long xid() {
		return this.xid;
	}

	@Override
	public @Nullable String gid() {
		return this.gid;
	}

	@Override
	public long messageCount() {
		return this.messageCount;
	}

	@Override
	public long byteCount() {
		return this.byteCount;
	}

	@Override
	public Iterator<ByteBuffer> iterator() {
		checkOpen();
		return new SpillFileIterator(this.file, this.messageCount, this::checkOpen);
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("Transaction " + this.xid + " was closed");
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.file.close();
		}
		finally {
			this.onClose.run();
		}
	}

	@Override
	public String toString() {
		return "BufferedTransaction[xid=" + this.xid + ", messages=" + this.messageCount + ", bytes="
				+ this.byteCount + ", " + this.file + "]";
	}

}
