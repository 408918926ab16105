package dev.walstream.stream;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;

/**
 * A released transaction whose messages never left memory. Not thread-safe.
 */
final class InMemoryTransaction implements BufferedTransaction {

	private final long xid;

	private final @Nullable String gid;

	private final int messageCount;

	private final long byteCount;

	private @Nullable List<ByteBuffer> messages;

	InMemoryTransaction(long xid, @Nullable String gid, List<ByteBuffer> messages, long byteCount) {
		this.xid = xid;
		this.gid = gid;
		this.messages = messages;
		this.messageCount = messages.size();
		this.byteCount = byteCount;
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
		List<ByteBuffer> list = open();
		return new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < InMemoryTransaction.this.messageCount;
			}

			@Override
			public ByteBuffer next() {
				if (!hasNext()) {
					throw new NoSuchElementException("All messages of transaction " + xid() + " were read");
				}
				open();
				// a view of its own, so that moving its position does not disturb the next iteration
				return list.get(this.next++).duplicate();
			}

		};
	}

	private List<ByteBuffer> open() {
		List<ByteBuffer> list = this.messages;
		if (list == null) {
			throw new IllegalStateException("Transaction " + this.xid + " was closed");
		}
		return list;
	}

	@Override
	public void close() {
		this.messages = null;
	}

	@Override
	public String toString() {
		return "BufferedTransaction[xid=" + this.xid + ", messages=" + this.messageCount + ", bytes="
				+ this.byteCount + ", in memory]";
	}

}
