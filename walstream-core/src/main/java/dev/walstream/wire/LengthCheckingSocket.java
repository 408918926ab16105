package dev.walstream.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

/**
 * A plain TCP socket whose streams check the backend message framing: its input stream fails a
 * read that would complete an oversized length. The streams are made once, on first use, so that
 * pgjdbc and a TLS layer on top see the same framing state.
 */
final class LengthCheckingSocket extends Socket {

	private final BackendFraming framing;

	private final StartupWatcher watcher;

	private @Nullable InputStream input;

	private @Nullable OutputStream output;

	LengthCheckingSocket(long limit) {
		this.framing = new BackendFraming(limit);
		this.watcher = new StartupWatcher(this.framing);
	}

	@Override
	public synchronized InputStream getInputStream() throws IOException {
		InputStream checked = this.input;
		if (checked == null) {
			checked = new CheckedInputStream(super.getInputStream(), this.framing);
			this.input = checked;
		}
		return checked;
	}

	@Override
	public synchronized OutputStream getOutputStream() throws IOException {
		OutputStream watched = this.output;
		if (watched == null) {
			watched = new WatchedOutputStream(super.getOutputStream(), this.watcher);
			this.output = watched;
		}
		return watched;
	}

}
