package dev.walstream.decode;

import org.jspecify.annotations.Nullable;
import org.postgresql.util.PGInterval;

/**
 * Reads the text of an {@code interval} straight from its bytes, in each {@code IntervalStyle} the
 * server prints (its {@code EncodeInterval}), into the fields pgjdbc's
 * {@link PGInterval#PGInterval(String)} would give it:
 * <ul>
 * <li>{@code postgres}: {@code 1 year 2 mons -3 days +04:05:06.5}, {@code -00:00:00.25},
 * {@code 8333:20:00};</li>
 * <li>{@code postgres_verbose}: {@code @ 1 year 2 mons -3 days 4 hours 5 mins 6.5 secs ago},
 * {@code @ 0}, where a trailing {@code ago} negates every field;</li>
 * <li>{@code sql_standard}: {@code 1-2}, {@code -3 4:05:06.5}, {@code 4:05:06}, {@code 0}, and
 * for mixed signs {@code +1-2 -3 +4:05:06}; a leading sign applies to the fields that follow
 * until the next sign;</li>
 * <li>{@code iso_8601}: {@code P1Y2M-3DT4H5M-6.5S}, {@code PT0S}.</li>
 * </ul>
 * Anything else, and any field beyond an {@code int} (which pgjdbc rejects), makes
 * {@link #parse} return {@code null} so that the caller can hand the text to pgjdbc and keep its
 * behaviour, whatever it is.
 * <p>
 * One instance reads one value and does not escape, so the JIT can keep its fields in registers:
 * the only allocation is the resulting {@link PGInterval}.
 */
final class IntervalText {

	private final byte[] data;

	private final int end;

	private int p;

	private long years;

	private long months;

	private long days;

	private long hours;

	private long minutes;

	/** The sign that {@link #signedDigits} read last. */
	private int sign;

	/** Seconds with their fraction, in microseconds. */
	private long micros;

	private IntervalText(byte[] data, int offset, int length) {
		this.data = data;
		this.p = offset;
		this.end = offset + length;
	}

	/**
	 * Returns the interval the text stands for, or {@code null} if the text is not in a form
	 * read here.
	 */
	static @Nullable PGInterval parse(byte[] data, int offset, int length) {
		IntervalText text = new IntervalText(data, offset, length);
		boolean read;
		if (length == 0) {
			read = false;
		}
		else if (data[offset] == '@') {
			read = text.verbose();
		}
		else if (data[offset] == 'P') {
			read = text.iso8601();
		}
		else {
			read = text.postgresOrSqlStandard();
		}
		return read ? text.toInterval() : null;
	}

	private @Nullable PGInterval toInterval() {
		if (!fitsInt(this.years) || !fitsInt(this.months) || !fitsInt(this.days) || !fitsInt(this.hours)
				|| !fitsInt(this.minutes)) {
			return null;
		}
		// PGInterval takes fractional seconds as a double and rounds them to microseconds, which
		// gives back exactly these microseconds for the seconds (under 2^31) it can hold
		double seconds = this.micros / 1_000_000.0;
		return new PGInterval((int) this.years, (int) this.months, (int) this.days, (int) this.hours,
				(int) this.minutes, seconds);
	}

	/**
	 * Reads {@code postgres} ({@code [±]N unit ... [±]HH:MM:SS[.f]}) and {@code sql_standard}
	 * ({@code [±]Y-M [±D [±]H:MM:SS[.f]]}, {@code [±]D [±]H:MM:SS[.f]}, {@code [±]H:MM:SS[.f]},
	 * {@code 0}), which both start with a signed number.
	 */
	private boolean postgresOrSqlStandard() {
		long number = signedDigits();
		int sign = this.sign;
		if (number < 0) {
			return false;
		}
		if (this.p == this.end) {
			// sql_standard's zero
			return number == 0;
		}
		byte next = this.data[this.p];
		if (next == ':') {
			return time(sign, number) && this.p == this.end;
		}
		if (next == '-') {
			this.p++;
			return sqlStandardYearMonth(sign, number);
		}
		if (next != ' ' || this.p + 1 >= this.end) {
			return false;
		}
		if (isLetter(this.data[this.p + 1])) {
			return postgresUnits(sign, number);
		}
		this.p++;
		// sql_standard days and time: an unsigned time takes the sign of the days
		this.days = sign * number;
		return time(sign(sign), digits()) && this.p == this.end;
	}

	/**
	 * Reads the rest of {@code [±]Y-M [±D [±]H:MM:SS[.f]]} after the dash.
	 */
	private boolean sqlStandardYearMonth(int sign, long years) {
		long months = digits();
		if (months < 0) {
			return false;
		}
		this.years = sign * years;
		this.months = sign * months;
		if (this.p == this.end) {
			return true;
		}
		if (!skip(' ') || !isSign(this.p)) {
			return false;
		}
		int daySign = sign(1);
		long days = digits();
		if (days < 0 || !skip(' ') || !isSign(this.p)) {
			return false;
		}
		this.days = daySign * days;
		int timeSign = sign(1);
		return time(timeSign, digits()) && this.p == this.end;
	}

	/**
	 * Reads {@code postgres} units, {@code years}, {@code mons}, {@code days}, the first of which
	 * has been read up to its unit, then an optional time.
	 */
	private boolean postgresUnits(int firstSign, long firstNumber) {
		int sign = firstSign;
		long number = firstNumber;
		while (true) {
			if (!skip(' ') || !unit(sign, number, 0, false)) {
				return false;
			}
			if (this.p == this.end) {
				return true;
			}
			if (!skip(' ')) {
				return false;
			}
			sign = sign(1);
			number = digits();
			if (number < 0 || this.p == this.end) {
				return false;
			}
			if (this.data[this.p] == ':') {
				return time(sign, number) && this.p == this.end;
			}
		}
	}

	/**
	 * Reads {@code @ N unit [N unit ...] [ago]}, the seconds with a fraction, or {@code @ 0}.
	 */
	private boolean verbose() {
		this.p++;
		while (this.p < this.end) {
			if (!skip(' ')) {
				return false;
			}
			if (Bytes.equalsAscii(this.data, this.p, this.end - this.p, "ago")) {
				negate();
				return true;
			}
			long number = signedDigits();
			if (number < 0) {
				return false;
			}
			if (this.p == this.end) {
				// the unitless zero of an empty interval
				return number == 0;
			}
			long fraction = 0;
			if (this.data[this.p] == '.') {
				fraction = fraction();
				if (fraction < 0) {
					return false;
				}
			}
			if (!skip(' ') || !unit(this.sign, number, fraction, true)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads {@code P[nY][nM][nD][T[nH][nM][n[.f]S]]}.
	 */
	private boolean iso8601() {
		this.p++;
		boolean time = false;
		while (this.p < this.end) {
			if (this.data[this.p] == 'T' && !time) {
				time = true;
				this.p++;
				continue;
			}
			int sign = sign(1);
			long number = digits();
			if (number < 0 || this.p == this.end) {
				return false;
			}
			long fraction = 0;
			if (time && this.data[this.p] == '.') {
				fraction = fraction();
				if (fraction < 0 || this.p == this.end) {
					return false;
				}
			}
			byte designator = this.data[this.p++];
			if (time && designator == 'S') {
				if (!setSeconds(sign, number, fraction)) {
					return false;
				}
			}
			else if (fraction != 0 || !assign(time ? isoTimeField(designator) : isoDateField(designator),
					sign * number)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads {@code :MM:SS[.f]} after the hours, all with the given sign.
	 */
	private boolean time(int sign, long hours) {
		if (hours < 0 || !skip(':')) {
			return false;
		}
		int minutes = twoDigits();
		if (minutes < 0 || !skip(':')) {
			return false;
		}
		int seconds = twoDigits();
		if (seconds < 0) {
			return false;
		}
		long fraction = 0;
		if (this.p < this.end && this.data[this.p] == '.') {
			fraction = fraction();
			if (fraction < 0) {
				return false;
			}
		}
		this.hours = sign * hours;
		this.minutes = sign * minutes;
		return setSeconds(sign, seconds, fraction);
	}

	/**
	 * Reads a unit word and gives its field the value: {@code year(s), mon(s), day(s)}, and in
	 * the verbose style also {@code hour(s), min(s), sec(s)}; only seconds have a fraction.
	 */
	private boolean unit(int sign, long number, long fraction, boolean verbose) {
		int start = this.p;
		while (this.p < this.end && isLetter(this.data[this.p])) {
			this.p++;
		}
		int length = this.p - start;
		int stem = (length > 0 && this.data[this.p - 1] == 's') ? length - 1 : length;
		if (verbose && isWord(start, stem, "sec")) {
			return setSeconds(sign, number, fraction);
		}
		char field;
		if (isWord(start, stem, "year")) {
			field = 'Y';
		}
		else if (isWord(start, stem, "mon")) {
			field = 'M';
		}
		else if (isWord(start, stem, "day")) {
			field = 'D';
		}
		else if (verbose && isWord(start, stem, "hour")) {
			field = 'H';
		}
		else {
			field = (verbose && isWord(start, stem, "min")) ? 'm' : '?';
		}
		return fraction == 0 && assign(field, sign * number);
	}

	private static char isoDateField(byte designator) {
		return (designator == 'Y' || designator == 'M' || designator == 'D') ? (char) designator : '?';
	}

	private static char isoTimeField(byte designator) {
		return (designator == 'H') ? 'H' : (designator == 'M') ? 'm' : '?';
	}

	/**
	 * Gives a field its value: {@code Y} years, {@code M} months, {@code D} days, {@code H} hours,
	 * {@code m} minutes; returns false for any other code.
	 */
	private boolean assign(char field, long value) {
		switch (field) {
			case 'Y' -> this.years = value;
			case 'M' -> this.months = value;
			case 'D' -> this.days = value;
			case 'H' -> this.hours = value;
			case 'm' -> this.minutes = value;
			default -> {
				return false;
			}
		}
		return true;
	}

	private boolean isWord(int start, int length, String word) {
		return Bytes.equalsAscii(this.data, start, length, word);
	}

	private void negate() {
		this.years = -this.years;
		this.months = -this.months;
		this.days = -this.days;
		this.hours = -this.hours;
		this.minutes = -this.minutes;
		this.micros = -this.micros;
	}

	/**
	 * Reads an optional sign and returns -1 for {@code -}, 1 for {@code +}, {@code absent}
	 * without one.
	 */
	private int sign(int absent) {
		if (this.p < this.end) {
			byte b = this.data[this.p];
			if (b == '-' || b == '+') {
				this.p++;
				return (b == '-') ? -1 : 1;
			}
		}
		return absent;
	}

	/**
	 * Reads an optional sign into {@link #sign} and the digits that follow, as {@link #digits}.
	 */
	private long signedDigits() {
		this.sign = sign(1);
		return digits();
	}

	private boolean isSign(int index) {
		return index < this.end && (this.data[index] == '-' || this.data[index] == '+');
	}

	/**
	 * Reads one to eighteen decimal digits; returns -1 if there are none or too many.
	 */
	private long digits() {
		return digits(18);
	}

	private long digits(int most) {
		int start = this.p;
		long value = 0;
		while (this.p < this.end && Bytes.isDigit(this.data[this.p])) {
			if (this.p - start == most) {
				return -1;
			}
			value = value * 10 + Bytes.digit(this.data[this.p++]);
		}
		return (this.p == start) ? -1 : value;
	}

	/**
	 * Reads a point and one to six digits, and returns them in microseconds; -1 if there are
	 * none or more than six.
	 */
	private long fraction() {
		this.p++;
		int start = this.p;
		long value = digits(6);
		if (value < 0) {
			return -1;
		}
		for (int i = this.p - start; i < 6; i++) {
			value *= 10;
		}
		return value;
	}

	private int twoDigits() {
		if (this.p + 2 > this.end || !Bytes.isDigit(this.data[this.p]) || !Bytes.isDigit(this.data[this.p + 1])) {
			return -1;
		}
		int value = Bytes.digit(this.data[this.p]) * 10 + Bytes.digit(this.data[this.p + 1]);
		this.p += 2;
		return value;
	}

	private boolean skip(char c) {
		if (this.p < this.end && this.data[this.p] == c) {
			this.p++;
			return true;
		}
		return false;
	}

	private static boolean isLetter(byte b) {
		return b >= 'a' && b <= 'z';
	}

	private boolean setSeconds(int sign, long whole, long fraction) {
		// beyond an int of whole seconds PGInterval cannot hold them, nor a long the microseconds
		this.micros = sign * (whole * 1_000_000 + fraction);
		return whole <= Integer.MAX_VALUE;
	}

	private static boolean fitsInt(long value) {
		return value == (int) value;
	}

}
