package dev.walstream.decode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * Decoders of {@code date, time, timetz, timestamp, timestamptz} into {@code java.time}.
 * <p>
 * Text is what the output functions print under {@code DateStyle=ISO}: {@code 2024-02-29},
 * {@code 13:45:07.25}, {@code 13:45:07+05:30}, {@code 2024-02-29 13:45:07.000001},
 * {@code 0044-03-15 12:53:28+00:53:28 BC}, {@code infinity}, {@code -infinity}. The parsing is
 * done by hand, since a {@code DateTimeFormatter} would cost a String and a parse tree per value.
 * Years before the common era ({@code BC}) become proleptic ISO years ({@code 44 BC} is year
 * {@code -43}), which is also how the binary forms count: days or microseconds since
 * 2000-01-01, with the extreme values standing for {@code infinity} and {@code -infinity}.
 */
final class DateTimeDecoders {

	static final BuiltinDecoder DATE = new DateDecoder();

	static final BuiltinDecoder TIME = new TimeDecoder();

	static final BuiltinDecoder TIMETZ = new TimeTzDecoder();

	static final BuiltinDecoder TIMESTAMP = new TimestampDecoder();

	static final BuiltinDecoder TIMESTAMPTZ = new TimestampTzDecoder();

	/** 2000-01-01, the PostgreSQL epoch, in days since 1970-01-01. */
	private static final long POSTGRES_EPOCH_DAY = 10_957;

	private static final long POSTGRES_EPOCH_SECOND = POSTGRES_EPOCH_DAY * 86_400;

	private static final long MICROS_PER_DAY = 86_400_000_000L;

	private static final int[] NANOS_SCALE = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
			10, 1 };

	private DateTimeDecoders() {
	}

	private static final class DateDecoder extends BuiltinDecoder {

		DateDecoder() {
			super("date");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			int infinity = infinity(data, offset, length);
			if (infinity != 0) {
				return (infinity > 0) ? LocalDate.MAX : LocalDate.MIN;
			}
			Parser parser = new Parser(this, data, offset, length);
			parser.date();
			parser.end();
			try {
				return LocalDate.of(parser.year, parser.month, parser.day);
			}
			catch (DateTimeException ex) {
				throw textError("is not a valid date", ex);
			}
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 4);
			int days = Bytes.readInt(data, offset);
			if (days == Integer.MAX_VALUE) {
				return LocalDate.MAX;
			}
			if (days == Integer.MIN_VALUE) {
				return LocalDate.MIN;
			}
			return LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + days);
		}

	}

	private static final class TimestampDecoder extends BuiltinDecoder {

		TimestampDecoder() {
			super("timestamp");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			int infinity = infinity(data, offset, length);
			if (infinity != 0) {
				return (infinity > 0) ? LocalDateTime.MAX : LocalDateTime.MIN;
			}
			Parser parser = new Parser(this, data, offset, length);
			parser.date();
			parser.expect(' ');
			parser.time(false);
			parser.end();
			try {
				return LocalDateTime.of(parser.year, parser.month, parser.day, parser.hour, parser.minute,
						parser.second, parser.nanos);
			}
			catch (DateTimeException ex) {
				throw textError("is not a valid timestamp", ex);
			}
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 8);
			long micros = Bytes.readLong(data, offset);
			if (micros == Long.MAX_VALUE) {
				return LocalDateTime.MAX;
			}
			if (micros == Long.MIN_VALUE) {
				return LocalDateTime.MIN;
			}
			return utcDateTime(micros);
		}

	}

	/**
	 * {@code timestamptz} to an {@link OffsetDateTime} at {@link ZoneOffset#UTC}, whatever the
	 * session's time zone, as pgjdbc's {@code getObject(i, OffsetDateTime.class)} returns it.
	 */
	private static final class TimestampTzDecoder extends BuiltinDecoder {

		TimestampTzDecoder() {
			super("timestamptz");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			int infinity = infinity(data, offset, length);
			if (infinity != 0) {
				return (infinity > 0) ? OffsetDateTime.MAX : OffsetDateTime.MIN;
			}
			Parser parser = new Parser(this, data, offset, length);
			parser.date();
			parser.expect(' ');
			parser.time(false);
			int offsetSeconds = parser.zone();
			parser.end();
			if (offsetSeconds == 0 && parser.hour < 24) {
				// the common case of a session in UTC: no round trip through the epoch
				try {
					return OffsetDateTime.of(parser.year, parser.month, parser.day, parser.hour, parser.minute,
							parser.second, parser.nanos, ZoneOffset.UTC);
				}
				catch (DateTimeException ex) {
					throw textError("is out of range", ex);
				}
			}
			long epochDay = parser.epochDay();
			long epochSecond = epochDay * 86_400 + parser.hour * 3600 + parser.minute * 60 + parser.second
					- offsetSeconds;
			try {
				return OffsetDateTime.of(LocalDateTime.ofEpochSecond(epochSecond, parser.nanos, ZoneOffset.UTC),
						ZoneOffset.UTC);
			}
			catch (DateTimeException ex) {
				throw textError("is out of range", ex);
			}
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 8);
			long micros = Bytes.readLong(data, offset);
			if (micros == Long.MAX_VALUE) {
				return OffsetDateTime.MAX;
			}
			if (micros == Long.MIN_VALUE) {
				return OffsetDateTime.MIN;
			}
			return OffsetDateTime.of(utcDateTime(micros), ZoneOffset.UTC);
		}

	}

	/**
	 * {@code time} to {@link LocalTime}; {@code 24:00:00}, which PostgreSQL allows, to
	 * {@link LocalTime#MAX} as pgjdbc does.
	 */
	private static final class TimeDecoder extends BuiltinDecoder {

		TimeDecoder() {
			super("time");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			Parser parser = new Parser(this, data, offset, length);
			parser.time(true);
			parser.end();
			return parser.localTime();
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 8);
			return localTime(this, Bytes.readLong(data, offset));
		}

	}

	/**
	 * {@code timetz} to {@link OffsetTime}, keeping the offset that was stored.
	 */
	private static final class TimeTzDecoder extends BuiltinDecoder {

		TimeTzDecoder() {
			super("timetz");
		}

		@Override
		Object text(byte[] data, int offset, int length) {
			Parser parser = new Parser(this, data, offset, length);
			parser.time(true);
			int offsetSeconds = parser.zone();
			parser.end();
			return OffsetTime.of(parser.localTime(), zoneOffset(this, offsetSeconds));
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, 12);
			LocalTime time = localTime(this, Bytes.readLong(data, offset));
			// the server stores the zone as seconds west of Greenwich
			return OffsetTime.of(time, zoneOffset(this, -Bytes.readInt(data, offset + 8)));
		}

	}

	private static LocalDateTime utcDateTime(long micros) {
		long epochSecond = Math.floorDiv(micros, 1_000_000L) + POSTGRES_EPOCH_SECOND;
		int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
		return LocalDateTime.ofEpochSecond(epochSecond, nanos, ZoneOffset.UTC);
	}

	private static LocalTime localTime(BuiltinDecoder decoder, long micros) {
		if (micros < 0 || micros > MICROS_PER_DAY) {
			throw decoder.binaryError("has " + micros + " microseconds, outside a day");
		}
		return (micros == MICROS_PER_DAY) ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
	}

	private static ZoneOffset zoneOffset(BuiltinDecoder decoder, int seconds) {
		try {
			return ZoneOffset.ofTotalSeconds(seconds);
		}
		catch (DateTimeException ex) {
			throw new ValueDecodingException(decoder.typeName, "has a time zone offset out of range", ex);
		}
	}

	/**
	 * Returns 1 for {@code infinity}, -1 for {@code -infinity}, 0 otherwise.
	 */
	private static int infinity(byte[] data, int offset, int length) {
		if (length > 0 && (data[offset] == 'i' || data[offset] == '-')) {
			if (Bytes.equalsAscii(data, offset, length, "infinity")) {
				return 1;
			}
			if (Bytes.equalsAscii(data, offset, length, "-infinity")) {
				return -1;
			}
		}
		return 0;
	}

	/**
	 * Reads the parts of an ISO date or time in order. A parser lives for one value and does not
	 * escape, so the JIT can keep its fields in registers.
	 */
	private static final class Parser {

		private final BuiltinDecoder decoder;

		private final byte[] data;

		private final int offset;

		private int p;

		private int end;

		private final boolean bc;

		int year;

		int month;

		int day;

		int hour;

		int minute;

		int second;

		int nanos;

		Parser(BuiltinDecoder decoder, byte[] data, int offset, int length) {
			this.decoder = decoder;
			this.data = data;
			this.offset = offset;
			this.p = offset;
			this.end = offset + length;
			this.bc = length >= 3 && data[this.end - 3] == ' ' && data[this.end - 2] == 'B'
					&& data[this.end - 1] == 'C';
			if (this.bc) {
				this.end -= 3;
			}
		}

		/**
		 * Reads {@code Y-MM-DD}, the year of four or more digits, and applies a trailing
		 * {@code BC}.
		 */
		void date() {
			int start = this.p;
			int year = 0;
			while (this.p < this.end && Bytes.isDigit(this.data[this.p])) {
				year = year * 10 + Bytes.digit(this.data[this.p++]);
				if (this.p - start > 9) {
					throw error("has a year of too many digits");
				}
			}
			if (this.p == start || year == 0) {
				throw error("has no valid year");
			}
			this.year = this.bc ? 1 - year : year;
			expect('-');
			this.month = twoDigits();
			expect('-');
			this.day = twoDigits();
			if (this.month < 1 || this.month > 12 || this.day < 1 || this.day > lengthOfMonth()) {
				throw error("is not a valid date");
			}
		}

		/**
		 * Reads {@code HH:MM:SS} and an optional fraction of up to nine digits.
		 */
		void time(boolean allow24) {
			this.hour = twoDigits();
			expect(':');
			this.minute = twoDigits();
			expect(':');
			this.second = twoDigits();
			if (this.p < this.end && this.data[this.p] == '.') {
				this.p++;
				int start = this.p;
				int fraction = 0;
				while (this.p < this.end && Bytes.isDigit(this.data[this.p])) {
					if (this.p - start == 9) {
						throw error("has more than nine fractional digits");
					}
					fraction = fraction * 10 + Bytes.digit(this.data[this.p++]);
				}
				if (this.p == start) {
					throw error("has no digits after the decimal point");
				}
				this.nanos = fraction * NANOS_SCALE[this.p - start];
			}
			boolean midnight = allow24 && this.hour == 24 && this.minute == 0 && this.second == 0 && this.nanos == 0;
			if ((this.hour > 23 && !midnight) || this.minute > 59 || this.second > 59) {
				throw error("is not a valid time of day");
			}
		}

		/**
		 * Reads a time zone offset {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS} and returns it
		 * in seconds east of Greenwich.
		 */
		int zone() {
			if (this.p >= this.end || (this.data[this.p] != '+' && this.data[this.p] != '-')) {
				throw error("has no time zone offset");
			}
			boolean negative = this.data[this.p++] == '-';
			int seconds = twoDigits() * 3600;
			if (this.p < this.end && this.data[this.p] == ':') {
				this.p++;
				seconds += twoDigits() * 60;
				if (this.p < this.end && this.data[this.p] == ':') {
					this.p++;
					seconds += twoDigits();
				}
			}
			return negative ? -seconds : seconds;
		}

		void expect(char c) {
			if (this.p >= this.end || this.data[this.p] != c) {
				throw error("lacks '" + c + "' at index " + (this.p - this.offset));
			}
			this.p++;
		}

		void end() {
			if (this.p != this.end) {
				throw error("has unexpected characters at index " + (this.p - this.offset));
			}
		}

		LocalTime localTime() {
			return (this.hour == 24) ? LocalTime.MAX : LocalTime.of(this.hour, this.minute, this.second, this.nanos);
		}

		long epochDay() {
			// as LocalDate.toEpochDay, for a date already checked
			long y = this.year;
			long total = 365 * y;
			if (y >= 0) {
				total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
			}
			else {
				total -= y / -4 - y / -100 + y / -400;
			}
			total += (367 * this.month - 362) / 12;
			total += this.day - 1;
			if (this.month > 2) {
				total -= isLeapYear() ? 1 : 2;
			}
			return total - 719_528;
		}

		private boolean isLeapYear() {
			return ((this.year & 3) == 0) && ((this.year % 100) != 0 || (this.year % 400) == 0);
		}

		private int lengthOfMonth() {
			switch (this.month) {
				case 2:
					return isLeapYear() ? 29 : 28;
				case 4:
				case 6:
				case 9:
				case 11:
					return 30;
				default:
					return 31;
			}
		}

		private int twoDigits() {
			if (this.p + 2 > this.end) {
				throw error("ends early at index " + (this.p - this.offset));
			}
			int high = Bytes.digit(this.data[this.p]);
			int low = Bytes.digit(this.data[this.p + 1]);
			if (high < 0 || high > 9 || low < 0 || low > 9) {
				throw error("has a character that is not a digit at index " + (this.p - this.offset));
			}
			this.p += 2;
			return high * 10 + low;
		}

		private ValueDecodingException error(String reason) {
			return this.decoder.textError(reason);
		}

	}

}
