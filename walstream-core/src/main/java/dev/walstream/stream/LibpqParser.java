package dev.walstream.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a libpq key/value connection string into its pairs, following libpq's quoting rules:
 * values may be single-quoted, and {@code \} escapes the next character. Error messages name keys
 * and positions, never values, which may be passwords.
 */
final class LibpqParser {

	private LibpqParser() {
	}

	static Map<String, String> parse(String text) {
		Map<String, String> values = new LinkedHashMap<>();
		int i = 0;
		int length = text.length();
		while (true) {
			i = skipSpaces(text, i);
			if (i >= length) {
				return values;
			}
			int keyStart = i;
			while (i < length && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			String key = text.substring(keyStart, i);
			i = skipSpaces(text, i);
			if (key.isEmpty() || i >= length || text.charAt(i) != '=') {
				throw new IllegalArgumentException("Malformed connection string: expected 'key=value' at position "
						+ keyStart + (key.isEmpty() ? "" : " (key '" + key + "')"));
			}
			i = skipSpaces(text, i + 1);
			StringBuilder value = new StringBuilder();
			if (i < length && text.charAt(i) == '\'') {
				i++;
				boolean closed = false;
				while (i < length) {
					char c = text.charAt(i++);
					if (c == '\\' && i < length) {
						value.append(text.charAt(i++));
					}
					else if (c == '\'') {
						closed = true;
						break;
					}
					else {
						value.append(c);
					}
				}
				if (!closed) {
					throw new IllegalArgumentException("Malformed connection string: unterminated quoted value for key '"
							+ key + "'");
				}
			}
			else {
				while (i < length && !Character.isWhitespace(text.charAt(i))) {
					char c = text.charAt(i++);
					if (c == '\\' && i < length) {
						c = text.charAt(i++);
					}
					value.append(c);
				}
			}
			values.put(key, value.toString());
		}
	}

	private static int skipSpaces(String text, int from) {
		int i = from;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

}
