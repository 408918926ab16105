package dev.walstream.decode;

import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.util.PGbytea;

/**
 * The one place that calls pgjdbc's {@link PGbytea}, a public class that pgjdbc's maintainers do
 * not count as published API: it decodes the legacy escape format of {@code bytea}
 * ({@code bytea_output=escape}), after the syntax has been checked here, since
 * {@link PGbytea#toBytes(byte[])} neither validates its input nor takes a view.
 */
final class PgjdbcBytea {

	private PgjdbcBytea() {
	}

	/**
	 * Decodes a {@code bytea} value in escape format: bytes as they are, {@code \\} for a
	 * backslash and {@code \ooo} (three octal digits) for any byte.
	 */
	static byte[] fromEscapeFormat(BuiltinDecoder decoder, byte[] data, int offset, int length) {
		int end = offset + length;
		for (int p = offset; p < end; p++) {
			if (data[p] != '\\') {
				continue;
			}
			if (p + 1 < end && data[p + 1] == '\\') {
				p++;
			}
			else if (p + 3 < end && isOctal(data[p + 1], '3') && isOctal(data[p + 2], '7')
					&& isOctal(data[p + 3], '7')) {
				p += 3;
			}
			else {
				throw decoder.textError("has an invalid escape at index " + (p - offset));
			}
		}
		try {
			return PGbytea.toBytes(Arrays.copyOfRange(data, offset, end));
		}
		catch (SQLException | RuntimeException ex) {
			throw decoder.textError("is not valid", ex);
		}
	}

	private static boolean isOctal(byte b, char max) {
		return b >= '0' && b <= max;
	}

}
