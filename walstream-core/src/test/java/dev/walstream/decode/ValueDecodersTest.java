package dev.walstream.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.hex;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ValueDecoders}: resolution, custom decoders, fallbacks and bounds.
 */
class ValueDecodersTest {

	private static final int MOOD_OID = 16390;

	private static final int MOOD_ARRAY_OID = 16389;

	private static final TypeDecoder UPPER_CASE = TypeDecoder.of(
			(data, offset, length) -> new String(data, offset, length, StandardCharsets.UTF_8)
				.toUpperCase(Locale.ROOT),
			(data, offset, length) -> "binary:" + length);

	@Test
	void decodeWhenTypeIsUnknownShouldReturnStringInTextAndBytesInBinary() {
		ValueDecoders decoders = ValueDecoders.defaults();
		assertThat(text(decoders.resolve(MOOD_OID), "happy")).isEqualTo("happy");
		assertThat(binary(decoders.resolve(MOOD_OID), hex("010203"))).isEqualTo(new byte[] { 1, 2, 3 });
		assertThat(decoders.resolve(MOOD_OID, "public.mood")).isSameAs(TypeDecoder.fallback());
	}

	@ParameterizedTest
	@ValueSource(ints = { PgTypeOids.MONEY, PgTypeOids.POINT, PgTypeOids.BOX, PgTypeOids.TSVECTOR,
			PgTypeOids.INT4RANGE, PgTypeOids.TSTZMULTIRANGE, PgTypeOids.XID, PgTypeOids.REGCLASS })
	void decodeWhenBuiltInTypeHasNoDecoderShouldReturnStringInTextAndBytesInBinary(int oid) {
		assertThat(text(oid, "[1,5)")).isEqualTo("[1,5)");
		assertThat(binary(oid, "cafe")).isEqualTo(new byte[] { (byte) 0xCA, (byte) 0xFE });
	}

	@Test
	void withDecoderByNameShouldDecodeTheNamedType() {
		ValueDecoders decoders = ValueDecoders.defaults().withDecoder("public.mood", TypeDecoder.string());
		TypeDecoder decoder = decoders.resolve(MOOD_OID, "public.mood");
		assertThat(text(decoder, "happy")).isEqualTo("happy");
		assertThat(binary(decoder, "happy".getBytes(StandardCharsets.UTF_8))).isEqualTo("happy");
		assertThat(decoders.resolve(MOOD_OID, "other.mood")).isSameAs(TypeDecoder.fallback());
		assertThat(decoders.resolve(MOOD_OID)).isSameAs(TypeDecoder.fallback());
	}

	@Test
	void withDecoderByNameShouldDecodeArraysOfUserTypes() {
		ValueDecoders decoders = ValueDecoders.defaults()
			.withDecoder("public._mood", TypeDecoder.arrayOf(TypeDecoder.string()));
		assertThat(text(decoders.resolve(MOOD_ARRAY_OID, "public._mood"), "{happy,sad}"))
			.isEqualTo(List.of("happy", "sad"));
	}

	@Test
	void withDecoderByOidShouldTakePrecedenceOverName() {
		ValueDecoders decoders = ValueDecoders.defaults()
			.withDecoder("public.mood", TypeDecoder.string())
			.withDecoder(MOOD_OID, UPPER_CASE);
		assertThat(text(decoders.resolve(MOOD_OID, "public.mood"), "happy")).isEqualTo("HAPPY");
		assertThat(binary(decoders.resolve(MOOD_OID, "public.mood"), hex("0102"))).isEqualTo("binary:2");
	}

	@Test
	void withDecoderByOidShouldReplaceBuiltInAndApplyToItsArrays() {
		ValueDecoders decoders = ValueDecoders.defaults().withDecoder(PgTypeOids.TEXT, UPPER_CASE);
		assertThat(decoders.decodeText(PgTypeOids.TEXT, "abc".getBytes(StandardCharsets.UTF_8), 0, 3)).isEqualTo("ABC");
		assertThat(text(decoders.resolve(PgTypeOids.TEXT_ARRAY), "{a,\"b\"}")).isEqualTo(List.of("A", "B"));
		assertThat(binary(decoders.resolve(PgTypeOids.TEXT_ARRAY),
				hex("00000001 00000000 00000019 00000001 00000001 00000001 61")))
			.isEqualTo(List.of("binary:1"));
		assertThat(text(PgTypeOids.TEXT_ARRAY, "{a}")).as("defaults unchanged").isEqualTo(List.of("a"));
	}

	@Test
	void withDecoderShouldLeaveTheOriginalRegistryUnchanged() {
		ValueDecoders defaults = ValueDecoders.defaults();
		defaults.withDecoder(PgTypeOids.INT4, UPPER_CASE).withDecoder("public.mood", UPPER_CASE);
		assertThat(defaults.resolve(PgTypeOids.INT4)).isNotSameAs(UPPER_CASE);
		assertThat(defaults.resolve(MOOD_OID, "public.mood")).isSameAs(TypeDecoder.fallback());
	}

	@ParameterizedTest
	@ValueSource(strings = { "mood", ".mood", "public.", "" })
	void withDecoderWhenNameIsNotQualifiedShouldThrow(String name) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ValueDecoders.defaults().withDecoder(name, TypeDecoder.string()))
			.withMessageContaining("is not qualified as namespace.name");
	}

	@Test
	void withDecoderWhenOidIsInvalidShouldThrow() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ValueDecoders.defaults().withDecoder(PgTypeOids.INVALID, TypeDecoder.string()));
	}

	@Test
	void decodeShouldSelectFormat() {
		TypeDecoder int4 = ValueDecoders.defaults().resolve(PgTypeOids.INT4);
		assertThat(int4.decode(false, "42".getBytes(StandardCharsets.US_ASCII), 0, 2)).isEqualTo(42);
		assertThat(int4.decode(true, hex("0000002a"), 0, 4)).isEqualTo(42);
	}

	@Test
	void decodeWhenViewLiesOutsideTheBufferShouldThrow() {
		ValueDecoders decoders = ValueDecoders.defaults();
		byte[] data = new byte[8];
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> decoders.decodeBinary(PgTypeOids.INT4, data, 6, 4))
			.withMessage("Cannot decode int4: value of 4 bytes at offset 6 lies outside a buffer of 8 bytes");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> decoders.decodeText(PgTypeOids.TEXT, data, -1, 2));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> decoders.decodeText(PgTypeOids.TEXT, data, 2, -1));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> decoders.decodeBinary(MOOD_OID, data, Integer.MAX_VALUE, 2));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> UPPER_CASE.decodeText(data, 4, 5));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> TypeDecoder.arrayOf(UPPER_CASE).decodeBinary(data, 9, 0));
	}

	@Test
	void ofTextShouldReturnRawBytesForBinary() {
		TypeDecoder decoder = TypeDecoder.ofText((data, offset, length) -> length);
		assertThat(text(decoder, "abc")).isEqualTo(3);
		assertThat(binary(decoder, hex("0a0b"))).isEqualTo(new byte[] { 10, 11 });
	}

	@Test
	void customDecoderReturningNullShouldBePassedThrough() {
		ValueDecoders decoders = ValueDecoders.defaults()
			.withDecoder(MOOD_OID, TypeDecoder.of((data, offset, length) -> null, (data, offset, length) -> null));
		assertThat(text(decoders.resolve(MOOD_OID), "x")).isNull();
		assertThat(binary(decoders.resolve(MOOD_OID), hex("00"))).isNull();
	}

}
