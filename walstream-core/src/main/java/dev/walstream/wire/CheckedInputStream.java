package dev.walstream.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * A socket's input stream that hands on only what its {@link BackendFraming} lets through. It
 * extends {@link InputStream} rather than {@code FilterInputStream} so that {@code skip} reads
 * (and checks) the bytes it skips instead of skipping them below the check.
 */
final class CheckedInputStream extends InputStream {

	private final InputStream in;

	private final BackendFraming framing;

	CheckedInputStream(InputStream in, BackendFraming framing) {
		this.in = in;
		this.framing = framing;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] bytes, int from, int count) throws IOException {
		this.framing.failIfWithheld();
		int read = this.in.read(bytes, from, count);
		if (read <= 0) {
			return read;
		}
		return this.framing.inspect(bytes, from, read);
	}

	@Override
	public int available() throws IOException {
		return this.in.available();
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

}
