package dev.walstream.stream;

/**
 * Whether the server may send large transactions before they commit ({@code streaming} option).
 *
 * @since 0.1.0
 */
public enum StreamingMode {

	/** The server decodes each transaction whole after it commits, spilling on its own disk. */
	OFF("off"),

	/**
	 * The server streams a transaction bigger than {@code logical_decoding_work_mem} while it runs
	 * (protocol version 2, PostgreSQL 14+); walstream assembles it and delivers it at commit.
	 */
	ON("on"),

	/**
	 * Like {@link #ON}, and blocks of several transactions may interleave (protocol version 4,
	 * PostgreSQL 16+).
	 */
	PARALLEL("parallel");

	private final String value;

	StreamingMode(String value) {
		this.value = value;
	}

	/**
	 * Returns the option's value as the server spells it.
	 * @return {@code off}, {@code on} or {@code parallel}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Returns the lowest protocol version that supports this mode.
	 * @return 1, 2 or 4
	 */
	public int minimumProtocolVersion() {
		return switch (this) {
			case OFF -> 1;
			case ON -> 2;
			case PARALLEL -> 4;
		};
	}

}
