package dev.walstream;

import java.util.Objects;

/**
 * A PostgreSQL write-ahead log position ({@code pg_lsn}): an unsigned 64-bit byte offset into the
 * WAL, printed as two hexadecimal halves such as {@code 16/B374D848}.
 *
 * <p>Comparison is unsigned, as PostgreSQL compares positions. {@link #parse(String)} validates its
 * input strictly; unlike pgjdbc's {@code LogSequenceNumber.valueOf}, malformed text is an error and
 * never silently becomes {@code 0/0}.
 *
 * @param value the position as an unsigned 64-bit number
 * @since 0.1.0
 */
public record Lsn(long value) implements Comparable<Lsn> {

	/** The invalid position {@code 0/0}, which PostgreSQL uses for "no position". */
	public static final Lsn INVALID = new Lsn(0);

	/**
	 * Returns the position with the given unsigned 64-bit value.
	 * @param value the position
	 * @return the LSN
	 */
	public static Lsn of(long value) {
		return (value == 0) ? INVALID : new Lsn(value);
	}

	/**
	 * Parses the textual form {@code X/Y}, where {@code X} and {@code Y} are one to eight hexadecimal
	 * digits each (PostgreSQL 18 pads {@code Y} with zeros; earlier versions do not; both are read).
	 * @param text the text to parse
	 * @return the LSN
	 * @throws IllegalArgumentException if the text is not a valid LSN
	 */
	public static Lsn parse(String text) {
		Objects.requireNonNull(text, "text");
		int slash = text.indexOf('/');
		if (slash < 1 || slash > 8 || slash == text.length() - 1 || text.length() - slash - 1 > 8) {
			throw invalid(text);
		}
		long high = parseHex(text, 0, slash);
		long low = parseHex(text, slash + 1, text.length());
		return of((high << 32) | low);
	}

	private static long parseHex(String text, int from, int to) {
		long result = 0;
		for (int i = from; i < to; i++) {
			int digit = Character.digit(text.charAt(i), 16);
			if (digit < 0) {
				throw invalid(text);
			}
			result = (result << 4) | digit;
		}
		return result;
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("Invalid LSN '" + text + "': expected two hexadecimal numbers of at most "
				+ "8 digits separated by '/', such as 16/B374D848");
	}

	/**
	 * Whether this is a real position, not {@link #INVALID}.
	 * @return {@code false} for {@code 0/0}
	 */
	public boolean isValid() {
		return this.value != 0;
	}

	/**
	 * Returns the number of WAL bytes from {@code other} to this position (negative when this
	 * position is the earlier one).
	 * @param other the position to measure from
	 * @return {@code this - other} in bytes
	 */
	public long minus(Lsn other) {
		return this.value - other.value;
	}

	/**
	 * Returns the position {@code bytes} further along the WAL.
	 * @param bytes the distance in bytes
	 * @return the new position
	 */
	public Lsn plus(long bytes) {
		return of(this.value + bytes);
	}

	/**
	 * Whether this position comes strictly after {@code other}.
	 * @param other the position to compare with
	 * @return {@code true} if this is later
	 */
	public boolean isAfter(Lsn other) {
		return compareTo(other) > 0;
	}

	/**
	 * Whether this position comes strictly before {@code other}.
	 * @param other the position to compare with
	 * @return {@code true} if this is earlier
	 */
	public boolean isBefore(Lsn other) {
		return compareTo(other) < 0;
	}

	/**
	 * Returns the later of two positions.
	 * @param a one position
	 * @param b another position
	 * @return {@code a} if it is not before {@code b}, otherwise {@code b}
	 */
	public static Lsn max(Lsn a, Lsn b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	@Override
	public int compareTo(Lsn other) {
		return Long.compareUnsigned(this.value, other.value);
	}

	/**
	 * Prints the position as PostgreSQL 14 to 17 and pgjdbc do: {@code %X/%X}.
	 */
	@Override
	public String toString() {
		return Long.toHexString(this.value >>> 32).toUpperCase() + "/"
				+ Long.toHexString(this.value & 0xFFFFFFFFL).toUpperCase();
	}

}
