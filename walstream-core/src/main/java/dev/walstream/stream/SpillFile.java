package dev.walstream.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

import dev.walstream.error.SpillException;
import org.jspecify.annotations.Nullable;

/**
 * The spill file of one transaction: a private temporary file holding its changes as
 * length-prefixed records (see {@link SpillWriter}), written at its end and read back at any
 * position.
 *
 * <p>The file is created with a unique name ({@code walstream-xid-<xid>-<random>.spill}), readable
 * and writable by its owner only where the file system has POSIX permissions (change data may be
 * sensitive), and opened with {@link StandardOpenOption#DELETE_ON_CLOSE}. On POSIX systems that
 * removes the name at once while the open channel keeps the data: a JVM that dies, even by
 * {@code kill -9}, leaves neither gigabytes of garbage nor readable change data behind, and the
 * space returns to the file system when the channel closes. On Windows the file is deleted on
 * close.
 *
 * <p>The first failed write, truncation or read leaves the file's content unknown, so the file is
 * then marked failed and every later use throws that same error: a transaction with a hole in it is
 * never handed on. Not thread-safe.
 */
final class SpillFile {

	private static final FileAttribute<?>[] OWNER_ONLY_FILE = {
			PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) };

	private static final FileAttribute<?>[] OWNER_ONLY_DIRECTORY = {
			PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) };

	private static final FileAttribute<?>[] NO_ATTRIBUTES = {};

	private final Path path;

	private final long xid;

	private final FileChannel channel;

	/** Bytes appended, including any still in the {@link SpillWriter}'s buffer. */
	private long length;

	/** Bytes written to the channel. */
	private long writtenLength;

	private @Nullable SpillException failure;

	private boolean closed;

	private SpillFile(Path path, long xid, FileChannel channel) {
		this.path = path;
		this.xid = xid;
		this.channel = channel;
	}

	/**
	 * Creates a new, empty spill file, creating the directory (owner-only) if it does not exist.
	 * @param directory the spill directory
	 * @param xid the transaction the file is for, used in its name and in errors
	 * @return the open file
	 * @throws SpillException if the directory or the file cannot be created
	 */
	static SpillFile create(Path directory, long xid) {
		boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
		Path path = null;
		try {
			Files.createDirectories(directory, posix ? OWNER_ONLY_DIRECTORY : NO_ATTRIBUTES);
			path = Files.createTempFile(directory, "walstream-xid-" + xid + "-", ".spill",
					posix ? OWNER_ONLY_FILE : NO_ATTRIBUTES);
			FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
					StandardOpenOption.DELETE_ON_CLOSE);
			return new SpillFile(path, xid, channel);
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			if (path != null) {
				deleteQuietly(path, ex);
			}
			throw new SpillException("Could not create a spill file for transaction " + xid + " in directory "
					+ directory + " (it must exist or be creatable, be writable and have free space): " + ex,
					(path != null) ? path : directory, xid, ex);
		}
	}

	private static void deleteQuietly(Path path, Exception failure) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

	Path path() {
		return this.path;
	}

	long xid() {
		return this.xid;
	}

	/**
	 * Returns the channel; for tests that make the file fail underneath.
	 * @return the channel
	 */
	FileChannel channel() {
		return this.channel;
	}

	/**
	 * Returns the file's logical length: every byte appended, whether or not it has left the
	 * writer's buffer yet.
	 * @return the length in bytes
	 */
	long length() {
		return this.length;
	}

	/**
	 * Whether bytes appended are still waiting in the writer's buffer.
	 * @return {@code true} if the channel holds fewer bytes than were appended
	 */
	boolean hasUnwrittenBytes() {
		return this.writtenLength < this.length;
	}

	/**
	 * Records that the writer accepted bytes for this file.
	 * @param byteCount the number of bytes
	 */
	void appended(int byteCount) {
		this.length += byteCount;
	}

	/**
	 * Throws if the file was closed or an earlier operation failed.
	 * @throws SpillException if an earlier operation failed
	 */
	void checkUsable() {
		if (this.closed) {
			throw new IllegalStateException("Spill file " + this.path + " of transaction " + this.xid + " is closed");
		}
		if (this.failure != null) {
			throw new SpillException("Spill file " + this.path + " of transaction " + this.xid
					+ " is unusable after an earlier error: " + this.failure.getMessage(), this.path, this.xid,
					this.failure);
		}
	}

	/**
	 * Writes the buffer's remaining bytes after the bytes written so far.
	 * @param bytes the bytes, from position to limit; consumed
	 * @throws SpillException if the write fails, for example because the disk is full
	 */
	void write(ByteBuffer bytes) {
		checkUsable();
		try {
			while (bytes.hasRemaining()) {
				this.writtenLength += this.channel.write(bytes, this.writtenLength);
			}
		}
		catch (IOException ex) {
			throw fail("write", ex);
		}
	}

	/**
	 * Cuts the file to the given length; every appended byte must have been written first.
	 * @param newLength the length to keep
	 * @throws SpillException if truncation fails
	 */
	void truncate(long newLength) {
		checkUsable();
		if (hasUnwrittenBytes() || newLength > this.length || newLength < 0) {
			throw new IllegalStateException("Cannot truncate spill file " + this.path + " of length " + this.length
					+ " (" + this.writtenLength + " written) to " + newLength);
		}
		try {
			this.channel.truncate(newLength);
		}
		catch (IOException ex) {
			throw fail("truncate", ex);
		}
		this.length = newLength;
		this.writtenLength = newLength;
	}

	/**
	 * Reads bytes at a position until the buffer is full or the written bytes end.
	 * @param buffer where to read to, from position to limit
	 * @param position the file position of the first byte to read
	 * @throws SpillException if reading fails or the file ends before the buffer is full
	 */
	void readFully(ByteBuffer buffer, long position) {
		checkUsable();
		long at = position;
		try {
			while (buffer.hasRemaining()) {
				int read = this.channel.read(buffer, at);
				if (read < 0) {
					throw fail("read", new IOException("file ends at byte " + at + " but " + this.writtenLength
							+ " bytes were written: it was truncated or replaced by someone else"));
				}
				at += read;
			}
		}
		catch (IOException ex) {
			throw fail("read", ex);
		}
	}

	/**
	 * Marks the file failed and returns the error to throw.
	 * @param operation what failed
	 * @param cause why
	 * @return the error, which every later use also throws
	 */
	SpillException fail(String operation, Exception cause) {
		SpillException error = new SpillException("Could not " + operation + " spill file " + this.path
				+ " of transaction " + this.xid + ": " + cause, this.path, this.xid, cause);
		if (this.failure == null) {
			this.failure = error;
		}
		return error;
	}

	/**
	 * Closes the channel, which returns the file's space to the file system, and removes the name if
	 * the file system kept it. Does nothing if already closed.
	 * @throws SpillException if closing or deleting fails
	 */
	void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.channel.close();
			// a no-op where DELETE_ON_CLOSE already removed the name: just making sure
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			throw new SpillException("Could not delete spill file " + this.path + " of transaction " + this.xid
					+ ": " + ex, this.path, this.xid, ex);
		}
	}

	@Override
	public String toString() {
		return "SpillFile[" + this.path + ", " + this.length + " bytes]";
	}

}
