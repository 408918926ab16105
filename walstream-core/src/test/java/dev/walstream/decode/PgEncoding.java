package dev.walstream.decode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Encoders that mimic the server's output and send functions, for round-trip tests.
 */
final class PgEncoding {

	private PgEncoding() {
	}

	/**
	 * As {@code numeric_send}: base-10000 digits aligned on the decimal point, leading and
	 * trailing zero digits stripped, the display scale kept.
	 */
	static byte[] numericBinary(BigDecimal value) {
		int dscale = Math.max(value.scale(), 0);
		BigDecimal scaled = value.setScale(dscale);
		String digits = scaled.unscaledValue().abs().toString();
		if (digits.length() <= dscale) {
			digits = "0".repeat(dscale - digits.length() + 1) + digits;
		}
		String integer = digits.substring(0, digits.length() - dscale);
		String fraction = digits.substring(digits.length() - dscale);
		integer = "0".repeat((4 - integer.length() % 4) % 4) + integer;
		fraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
		String all = integer + fraction;
		List<Integer> groups = new ArrayList<>();
		for (int i = 0; i < all.length(); i += 4) {
			groups.add(Integer.parseInt(all.substring(i, i + 4)));
		}
		int weight = integer.length() / 4 - 1;
		while (!groups.isEmpty() && groups.get(0) == 0) {
			groups.remove(0);
			weight--;
		}
		while (!groups.isEmpty() && groups.get(groups.size() - 1) == 0) {
			groups.remove(groups.size() - 1);
		}
		if (groups.isEmpty()) {
			weight = 0;
		}
		ByteBuffer buffer = ByteBuffer.allocate(8 + 2 * groups.size());
		buffer.putShort((short) groups.size());
		buffer.putShort((short) weight);
		buffer.putShort((short) ((scaled.signum() < 0) ? 0x4000 : 0));
		buffer.putShort((short) dscale);
		groups.forEach((group) -> buffer.putShort(group.shortValue()));
		return buffer.array();
	}

	/**
	 * As {@code date_out} with {@code DateStyle=ISO}.
	 */
	static String dateText(LocalDate date) {
		int year = date.getYear();
		boolean bc = year <= 0;
		String text = pad(bc ? 1 - year : year, 4) + "-" + pad(date.getMonthValue(), 2) + "-"
				+ pad(date.getDayOfMonth(), 2);
		return text;
	}

	/**
	 * As {@code time_out}: seconds always, fractional digits without trailing zeros.
	 */
	static String timeText(LocalTime time) {
		StringBuilder sb = new StringBuilder();
		sb.append(pad(time.getHour(), 2)).append(':').append(pad(time.getMinute(), 2)).append(':');
		sb.append(pad(time.getSecond(), 2));
		int micros = time.getNano() / 1000;
		if (micros != 0) {
			String fraction = pad(micros, 6);
			while (fraction.endsWith("0")) {
				fraction = fraction.substring(0, fraction.length() - 1);
			}
			sb.append('.').append(fraction);
		}
		return sb.toString();
	}

	/**
	 * As the server prints a zone offset: {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS}.
	 */
	static String offsetText(int offsetSeconds) {
		int abs = Math.abs(offsetSeconds);
		String text = ((offsetSeconds < 0) ? "-" : "+") + pad(abs / 3600, 2);
		if (abs % 3600 != 0) {
			text += ":" + pad(abs / 60 % 60, 2);
			if (abs % 60 != 0) {
				text += ":" + pad(abs % 60, 2);
			}
		}
		return text;
	}

	/**
	 * As {@code timestamp_out} and {@code timestamptz_out}, given the local date-time and the
	 * offset text ({@code ""} for {@code timestamp}).
	 */
	static String timestampText(LocalDateTime dateTime, String offset) {
		boolean bc = dateTime.getYear() <= 0;
		return dateText(dateTime.toLocalDate()) + " " + timeText(dateTime.toLocalTime()) + offset + (bc ? " BC" : "");
	}

	/**
	 * As {@code array_out} for a list of strings (or nested lists of them): elements quoted when
	 * empty, {@code NULL}-like, or holding a delimiter, quote, backslash, brace or whitespace.
	 */
	static String arrayText(List<?> array, char delimiter) {
		StringBuilder sb = new StringBuilder("{");
		for (int i = 0; i < array.size(); i++) {
			if (i > 0) {
				sb.append(delimiter);
			}
			Object element = array.get(i);
			if (element == null) {
				sb.append("NULL");
			}
			else if (element instanceof List) {
				sb.append(arrayText((List<?>) element, delimiter));
			}
			else {
				sb.append(quoteIfNeeded((String) element, delimiter));
			}
		}
		return sb.append('}').toString();
	}

	private static String quoteIfNeeded(String element, char delimiter) {
		boolean quote = element.isEmpty() || element.equalsIgnoreCase("NULL");
		for (char c : element.toCharArray()) {
			if (c == '"' || c == '\\' || c == '{' || c == '}' || c == delimiter || c == ' ' || c == '\t' || c == '\n'
					|| c == '\r' || c == 0x0B || c == '\f') {
				quote = true;
			}
		}
		if (!quote) {
			return element;
		}
		return "\"" + element.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * As {@code array_send} for a rectangular array given in row-major order: each element is
	 * {@code null} or its send-function bytes.
	 */
	static byte[] arrayBinary(int elementOid, int[] dimensions, int[] lowerBounds, @Nullable List<byte[]> elements) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		boolean hasNull = elements != null && elements.contains(null);
		writeInt(out, dimensions.length);
		writeInt(out, hasNull ? 1 : 0);
		writeInt(out, elementOid);
		for (int i = 0; i < dimensions.length; i++) {
			writeInt(out, dimensions[i]);
			writeInt(out, lowerBounds[i]);
		}
		if (elements != null) {
			for (byte[] element : elements) {
				if (element == null) {
					writeInt(out, -1);
				}
				else {
					writeInt(out, element.length);
					out.writeBytes(element);
				}
			}
		}
		return out.toByteArray();
	}

	/**
	 * As {@code byteaout} with {@code bytea_output=escape}.
	 */
	static String byteaEscapeText(byte[] bytes) {
		StringBuilder sb = new StringBuilder();
		for (byte b : bytes) {
			int v = b & 0xFF;
			if (v == '\\') {
				sb.append("\\\\");
			}
			else if (v < 0x20 || v > 0x7E) {
				sb.append('\\').append((char) ('0' + (v >> 6))).append((char) ('0' + ((v >> 3) & 7)));
				sb.append((char) ('0' + (v & 7)));
			}
			else {
				sb.append((char) v);
			}
		}
		return sb.toString();
	}

	static byte[] int4(int value) {
		return ByteBuffer.allocate(4).putInt(value).array();
	}

	static byte[] int8(long value) {
		return ByteBuffer.allocate(8).putLong(value).array();
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static void writeInt(ByteArrayOutputStream out, int value) {
		out.writeBytes(int4(value));
	}

	private static String pad(int value, int width) {
		String text = Integer.toString(value);
		return (text.length() >= width) ? text : "0".repeat(width - text.length()) + text;
	}

}
