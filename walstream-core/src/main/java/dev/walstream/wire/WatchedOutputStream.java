package dev.walstream.wire;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A socket's output stream that shows the client's first packets to a {@link StartupWatcher},
 * and after the startup message only passes bytes on.
 */
final class WatchedOutputStream extends FilterOutputStream {

	private final StartupWatcher watcher;

	WatchedOutputStream(OutputStream out, StartupWatcher watcher) {
		super(out);
		this.watcher = watcher;
	}

	@Override
	public void write(int value) throws IOException {
		write(new byte[] { (byte) value }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int from, int count) throws IOException {
		if (this.watcher.watching()) {
			this.watcher.written(bytes, from, count);
		}
		this.out.write(bytes, from, count);
	}

}
