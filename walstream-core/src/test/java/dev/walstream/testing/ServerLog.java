package dev.walstream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The log of a {@link PostgresServer}: what {@code initdb}, {@code pg_ctl} and the server wrote, one
 * file for the server's whole life, across restarts.
 *
 * <p>
 * A shared server's log holds lines of every test that used it, so a test that asserts on the log
 * takes a view {@linkplain #fromNow() from now on} before it acts:
 *
 * <pre class="code">
 * ServerLog log = server.log().fromNow();
 * // ... let a walsender time out ...
 * await().untilAsserted(() -&gt; assertThat(log.text()).contains("terminating walsender"));
 * </pre>
 *
 * @since 0.1.0
 */
public final class ServerLog {

	private final Path file;

	private final long start;

	ServerLog(Path file) {
		this(file, 0);
	}

	private ServerLog(Path file, long start) {
		this.file = file;
		this.start = start;
	}

	/**
	 * Return the log file. It stays after the server is closed: under Maven it is in
	 * {@code target/pg-logs}.
	 * @return the log file
	 */
	public Path path() {
		return this.file;
	}

	/**
	 * Return a view of this log that starts at its current end, so it shows only what is written from
	 * now on.
	 * @return the view
	 */
	public ServerLog fromNow() {
		try {
			return new ServerLog(this.file, Files.size(this.file));
		}
		catch (NoSuchFileException ex) {
			return new ServerLog(this.file, 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the text of this log (of this view).
	 * @return the text, read now
	 */
	public String text() {
		try (InputStream in = Files.newInputStream(this.file)) {
			// the file only grows, so whatever lies past the start is this view's
			if (Files.size(this.file) <= this.start) {
				return "";
			}
			in.skipNBytes(this.start);
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the lines of this log (of this view).
	 * @return the lines, read now
	 */
	public List<String> lines() {
		return text().lines().toList();
	}

	/**
	 * Return the last lines of this log, to show in a failure message.
	 * @param count how many lines at most
	 * @return the lines, one per line
	 */
	public String tail(int count) {
		List<String> lines = lines();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
	}

	@Override
	public String toString() {
		return this.file + ((this.start > 0) ? " from byte " + this.start : "");
	}

}
