package dev.walstream.benchmarks.startup;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the sample application's console log, line by line as it comes, and notes when the
 * milestones of its start-up appear: the embedded PostgreSQL's start (with the time the sample
 * measured for it), Spring's "Started ... in N seconds (process running for M)", and the first
 * change a {@code @WalListener} logged (logger {@value #CHANGE_LOGGER}).
 */
final class StartupLog {

	/** The sample's {@code ChangeLog} logs every change a listener received with this logger. */
	static final String CHANGE_LOGGER = "dev.walstream.sample.changes";

	private static final Pattern POSTGRES = Pattern.compile("Started PostgreSQL for the sample in (\\d+) ms");

	private static final Pattern SPRING = Pattern
		.compile("Started \\S+ in ([\\d.]+) seconds \\(process running for ([\\d.]+)\\)");

	private long postgresMillis = -1;

	private double springSeconds = -1;

	private double processSeconds = -1;

	private long startedNanos = -1;

	private long firstChangeNanos = -1;

	private @Nullable String firstChange;

	/**
	 * Reads one line of the log.
	 * @param line the line
	 * @param sinceStartNanos when it arrived, from the process's start
	 */
	void accept(String line, long sinceStartNanos) {
		Matcher postgres = POSTGRES.matcher(line);
		if (this.postgresMillis < 0 && postgres.find()) {
			this.postgresMillis = Long.parseLong(postgres.group(1));
		}
		Matcher spring = SPRING.matcher(line);
		if (this.startedNanos < 0 && spring.find()) {
			this.springSeconds = Double.parseDouble(spring.group(1));
			this.processSeconds = Double.parseDouble(spring.group(2));
			this.startedNanos = sinceStartNanos;
		}
		if (this.firstChangeNanos < 0 && line.contains(CHANGE_LOGGER)) {
			this.firstChangeNanos = sinceStartNanos;
			this.firstChange = line;
		}
	}

	/**
	 * Returns whether the first change was logged: the measurement is complete.
	 * @return {@code true} once a change line was read
	 */
	boolean hasFirstChange() {
		return this.firstChangeNanos >= 0;
	}

	/**
	 * Returns what the log showed.
	 * @return the milestones
	 * @throws IllegalStateException if one of them did not appear
	 */
	Startup startup() {
		if (this.postgresMillis < 0 || this.startedNanos < 0 || this.firstChangeNanos < 0) {
			throw new IllegalStateException("The log lacked a milestone: PostgreSQL started " + (this.postgresMillis >= 0)
					+ ", Spring started " + (this.startedNanos >= 0) + ", first change " + (this.firstChangeNanos >= 0));
		}
		return new Startup(this.postgresMillis / 1e3, this.springSeconds, this.processSeconds, this.startedNanos / 1e9,
				this.firstChangeNanos / 1e9, String.valueOf(this.firstChange));
	}

}
