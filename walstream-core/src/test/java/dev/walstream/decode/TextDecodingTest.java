package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.hex;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding text types, {@code "char"}, {@code bytea}, {@code uuid} and JSON.
 */
class TextDecodingTest {

	private static final String UNICODE = "Grüße, 世界! \uD83D\uDE00 \u0000end";

	@ParameterizedTest
	@ValueSource(ints = { PgTypeOids.TEXT, PgTypeOids.VARCHAR, PgTypeOids.BPCHAR, PgTypeOids.NAME, PgTypeOids.XML,
			PgTypeOids.JSON, PgTypeOids.UNKNOWN, PgTypeOids.REFCURSOR })
	void decodeTextTypesShouldReturnStringInBothFormats(int oid) {
		assertThat(text(oid, UNICODE)).isEqualTo(UNICODE);
		assertThat(binary(oid, UNICODE.getBytes(StandardCharsets.UTF_8))).isEqualTo(UNICODE);
		assertThat(text(oid, "")).isEqualTo("");
		assertThat(binary(oid, new byte[0])).isEqualTo("");
	}

	@Test
	void decodeBpcharShouldKeepPadding() {
		assertThat(text(PgTypeOids.BPCHAR, "ab   ")).isEqualTo("ab   ");
	}

	@Test
	void decodeCharShouldReturnOneCharacterString() {
		assertThat(text(PgTypeOids.CHAR, "a")).isEqualTo("a");
		assertThat(binary(PgTypeOids.CHAR, "61")).isEqualTo("a");
		assertThat(binary(PgTypeOids.CHAR, "00")).isEqualTo("");
		assertThat(binary(PgTypeOids.CHAR, "")).isEqualTo("");
	}

	@Test
	void decodeBinaryCharWhenHighBitIsSetShouldReturnOctalEscapeAsTheServerPrints() {
		assertThat(binary(PgTypeOids.CHAR, "c3")).isEqualTo("\\303");
		assertThat(binary(PgTypeOids.CHAR, "80")).isEqualTo("\\200");
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.CHAR, "6162"));
	}

	@Test
	void decodeTextByteaWhenHexShouldReturnBytes() {
		assertThat(text(PgTypeOids.BYTEA, "\\x0001ff7F")).isEqualTo(new byte[] { 0, 1, (byte) 0xFF, 0x7F });
		assertThat(text(PgTypeOids.BYTEA, "\\x")).isEqualTo(new byte[0]);
	}

	@Test
	void decodeTextByteaWhenEscapeFormatShouldReturnBytes() {
		assertThat(text(PgTypeOids.BYTEA, "\\000\\001\\377\\\\A")).isEqualTo(new byte[] { 0, 1, (byte) 0xFF, '\\', 'A' });
		assertThat(text(PgTypeOids.BYTEA, "plain")).isEqualTo("plain".getBytes(StandardCharsets.US_ASCII));
		assertThat(text(PgTypeOids.BYTEA, "")).isEqualTo(new byte[0]);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\x0", "\\x0g", "\\xé0" })
	void decodeTextByteaWhenHexIsMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.BYTEA, text))
			.withMessageStartingWith("Cannot decode bytea: text value has ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\", "a\\", "\\4", "\\400", "\\08", "\\12" })
	void decodeTextByteaWhenEscapeIsMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.BYTEA, text))
			.withMessageStartingWith("Cannot decode bytea: text value has an invalid escape at index ");
	}

	@Test
	void decodeBinaryByteaShouldReturnCopyOfTheBytes() {
		byte[] buffer = DecodingSupport.embed(new byte[] { 1, 2, 3 });
		byte[] value = (byte[]) DecodingSupport.DECODERS.decodeBinary(PgTypeOids.BYTEA, buffer, 7, 3);
		assertThat(value).containsExactly(1, 2, 3);
		buffer[7] = 9;
		assertThat(value).containsExactly(1, 2, 3);
	}

	@Test
	void decodeUuidShouldReturnUuid() {
		UUID expected = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
		assertThat(text(PgTypeOids.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).isEqualTo(expected);
		assertThat(text(PgTypeOids.UUID, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).isEqualTo(expected);
		assertThat(binary(PgTypeOids.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11")).isEqualTo(expected);
		assertThat(text(PgTypeOids.UUID, "ffffffff-ffff-ffff-ffff-ffffffffffff"))
			.isEqualTo(new UUID(-1L, -1L));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
			"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g", "a0eebc99+9c0b-4ef8-bb6d-6bb9bd380a11" })
	void decodeTextUuidWhenMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.UUID, text))
			.withMessageStartingWith("Cannot decode uuid: text value ");
	}

	@Test
	void decodeBinaryUuidWhenNot16BytesShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a"))
			.withMessage("Cannot decode uuid: binary value has 15 bytes, expected 16");
	}

	@Test
	void decodeJsonbShouldReturnJsonText() {
		assertThat(text(PgTypeOids.JSONB, "{\"a\": [1, 2]}")).isEqualTo("{\"a\": [1, 2]}");
		assertThat(binary(PgTypeOids.JSONB, "017b2261223a205b312c20325d7d")).isEqualTo("{\"a\": [1, 2]}");
		assertThat(binary(PgTypeOids.JSON, hex("7b7d"))).isEqualTo("{}");
		assertThat(binary(PgTypeOids.JSONPATH, "01242e61")).isEqualTo("$.a");
	}

	@Test
	void decodeBinaryJsonbWhenVersionIsUnknownShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.JSONB, "027b7d"))
			.withMessage("Cannot decode jsonb: binary value has unsupported version 2");
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.JSONB, ""));
	}

}
