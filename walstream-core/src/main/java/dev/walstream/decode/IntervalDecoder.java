package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * {@code interval} to pgjdbc's public {@link PGInterval}, as its {@code getObject} returns it.
 * <p>
 * Text in any {@code IntervalStyle} the server prints ({@code postgres}, the default:
 * {@code 1 year 2 mons 3 days 04:05:06.789}; {@code postgres_verbose}, {@code sql_standard},
 * {@code iso_8601}) is read by {@link IntervalText} straight from the bytes; text it does not
 * recognise goes to {@link PGInterval#PGInterval(String)}, which decides as it always did. The
 * walsender prints with the style of the server, database or role, not of the replication
 * connection, so every style can arrive. The binary form is microseconds (64 bits), days
 * and months (32 bits each); months are split into years and months, microseconds into hours,
 * minutes and seconds, all with the sign of their field, as the server's output function does.
 * <p>
 * The infinite intervals of PostgreSQL 17 cannot be a {@link PGInterval} (pgjdbc reads
 * {@code infinity} as an empty interval): they decode to a plain {@link PGobject} of type
 * {@code interval} and value {@code infinity} or {@code -infinity}. An interval of more hours than
 * an {@code int} holds (over 245,000 years) cannot be one either and raises a
 * {@link ValueDecodingException}.
 */
final class IntervalDecoder extends BuiltinDecoder {

	static final IntervalDecoder INSTANCE = new IntervalDecoder();

	private static final long MICROS_PER_HOUR = 3_600_000_000L;

	IntervalDecoder() {
		super("interval");
	}

	@Override
	Object text(byte[] data, int offset, int length) {
		if (Bytes.equalsAscii(data, offset, length, "infinity")) {
			return infinite("infinity");
		}
		if (Bytes.equalsAscii(data, offset, length, "-infinity")) {
			return infinite("-infinity");
		}
		PGInterval interval = IntervalText.parse(data, offset, length);
		if (interval != null) {
			return interval;
		}
		String text = new String(data, offset, length, StandardCharsets.UTF_8);
		try {
			return new PGInterval(text);
		}
		catch (SQLException | RuntimeException ex) {
			throw textError("is not an interval", ex);
		}
	}

	@Override
	Object binary(byte[] data, int offset, int length) {
		checkBinaryLength(length, 16);
		long micros = Bytes.readLong(data, offset);
		int days = Bytes.readInt(data, offset + 8);
		int months = Bytes.readInt(data, offset + 12);
		if (micros == Long.MAX_VALUE && days == Integer.MAX_VALUE && months == Integer.MAX_VALUE) {
			return infinite("infinity");
		}
		if (micros == Long.MIN_VALUE && days == Integer.MIN_VALUE && months == Integer.MIN_VALUE) {
			return infinite("-infinity");
		}
		long hours = micros / MICROS_PER_HOUR;
		if (hours != (int) hours) {
			throw binaryError("has " + hours + " hours, more than PGInterval holds");
		}
		long rest = micros % MICROS_PER_HOUR;
		int minutes = (int) (rest / 60_000_000L);
		rest %= 60_000_000L;
		int wholeSeconds = (int) (rest / 1_000_000L);
		int microseconds = (int) (rest % 1_000_000L);
		// PGInterval keeps whole seconds and microseconds, rounding the double to microseconds
		double seconds = wholeSeconds + microseconds / 1_000_000.0;
		return new PGInterval(months / 12, months % 12, days, (int) hours, minutes, seconds);
	}

	private static PGobject infinite(String value) {
		PGobject object = new PGobject();
		object.setType("interval");
		try {
			object.setValue(value);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return object;
	}

}
