package dev.walstream.decode;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding arrays; text values as {@code array_out} prints them, binary values from
 * {@code array_send}.
 */
class ArrayDecodingTest {

	@Test
	void decodeTextIntArrayShouldReturnListOfIntegers() {
		assertThat(text(PgTypeOids.INT4_ARRAY, "{1,2,3}")).isEqualTo(List.of(1, 2, 3));
		assertThat(text(PgTypeOids.INT8_ARRAY, "{-9223372036854775808}")).isEqualTo(List.of(Long.MIN_VALUE));
		assertThat(text(PgTypeOids.INT2_ARRAY, "{7}")).isEqualTo(List.of((short) 7));
	}

	@Test
	void decodeArrayWhenEmptyShouldReturnEmptyList() {
		assertThat(text(PgTypeOids.INT4_ARRAY, "{}")).isEqualTo(List.of());
		assertThat(binary(PgTypeOids.INT4_ARRAY, "000000000000000000000017")).isEqualTo(List.of());
	}

	@Test
	void decodeArrayWhenTwoDimensionalWithNullShouldReturnNestedLists() {
		List<?> expected = List.of(List.of(1, 2), Arrays.asList(3, null));
		assertThat(text(PgTypeOids.INT4_ARRAY, "{{1,2},{3,NULL}}")).isEqualTo(expected);
		assertThat(binary(PgTypeOids.INT4_ARRAY, "00000002 00000001 00000017 00000002 00000001 00000002 00000001"
				+ " 00000004 00000001 00000004 00000002 00000004 00000003 ffffffff"))
			.isEqualTo(expected);
	}

	@Test
	void decodeArrayWhenThreeDimensionalShouldReturnListsOfListsOfLists() {
		List<?> expected = List.of(List.of(List.of(1, 2), List.of(3, 4)), List.of(List.of(5, 6), List.of(7, 8)));
		assertThat(text(PgTypeOids.INT4_ARRAY, "{{{1,2},{3,4}},{{5,6},{7,8}}}")).isEqualTo(expected);
		assertThat(binary(PgTypeOids.INT4_ARRAY, "00000003000000000000001700000002000000010000000200000001"
				+ "000000020000000100000004000000010000000400000002000000040000000300000004000000040000000400000005"
				+ "000000040000000600000004000000070000000400000008"))
			.isEqualTo(expected);
	}

	@Test
	void decodeArrayWhenLowerBoundsAreDecoratedShouldDropThem() {
		assertThat(text(PgTypeOids.TEXT_ARRAY, "[0:1]={a,\"b,c\"}")).isEqualTo(List.of("a", "b,c"));
		assertThat(binary(PgTypeOids.TEXT_ARRAY,
				"00000001 00000000 00000019 00000002 00000000 00000001 61 00000003 622c63"))
			.isEqualTo(List.of("a", "b,c"));
		List<?> expected = List.of(List.of(1), List.of(2));
		assertThat(text(PgTypeOids.INT4_ARRAY, "[-2:-1][3:3]={{1},{2}}")).isEqualTo(expected);
		assertThat(binary(PgTypeOids.INT4_ARRAY,
				"00000002000000000000001700000002fffffffe000000010000000300000004000000010000000400000002"))
			.isEqualTo(expected);
	}

	@Test
	void decodeTextArrayWhenElementsAreQuotedShouldUnescapeThem() {
		Object value = text(PgTypeOids.TEXT_ARRAY,
				"{\"a\\\"b\",\"c\\\\d\",\"\",\"NULL\",\" x \",\"a,b\",\"{}\",ü世,NULL}");
		assertThat(value).isEqualTo(Arrays.asList("a\"b", "c\\d", "", "NULL", " x ", "a,b", "{}", "ü世", null));
	}

	@Test
	void decodeTextArrayWhenUnquotedNullIsAnyCaseShouldReturnNull() {
		assertThat(text(PgTypeOids.TEXT_ARRAY, "{null,Null,NULLS}")).isEqualTo(Arrays.asList(null, null, "NULLS"));
	}

	@Test
	void decodeTextArrayWhenWhitespaceSurroundsElementsShouldIgnoreIt() {
		assertThat(text(PgTypeOids.INT4_ARRAY, " { 1 ,\t2 , 3 } ")).isEqualTo(List.of(1, 2, 3));
		assertThat(text(PgTypeOids.TEXT_ARRAY, "{ a b , \" c \" }")).isEqualTo(List.of("a b", " c "));
	}

	@Test
	void decodeTextArrayWhenUnquotedElementHasEscapesShouldUnescapeIt() {
		assertThat(text(PgTypeOids.TEXT_ARRAY, "{a\\,b,c\\\\,d\\ }")).isEqualTo(List.of("a,b", "c\\", "d "));
	}

	@Test
	void decodeTextBoxArrayShouldSplitOnSemicolons() {
		assertThat(text(PgTypeOids.BOX_ARRAY, "{(1,1),(0,0);(2,2),(1,1)}")).isEqualTo(List.of("(1,1),(0,0)", "(2,2),(1,1)"));
	}

	@Test
	void decodeTextArrayOfOtherTypesShouldDecodeEachElement() {
		assertThat(text(1001, "{\"\\\\x00ff\",\"\\\\x\"}")).satisfies((value) -> {
			List<?> list = (List<?>) value;
			assertThat((byte[]) list.get(0)).containsExactly(0, 0xFF);
			assertThat((byte[]) list.get(1)).isEmpty();
		});
		assertThat(text(PgTypeOids.JSONB_ARRAY, "{\"{\\\"a\\\": 1}\",\"[1, \\\"x,y\\\"]\"}"))
			.isEqualTo(List.of("{\"a\": 1}", "[1, \"x,y\"]"));
		assertThat(text(PgTypeOids.TIMESTAMPTZ_ARRAY, "{\"2020-01-01 00:00:00+00\",infinity}"))
			.isEqualTo(List.of(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), OffsetDateTime.MAX));
		assertThat(text(PgTypeOids.NUMERIC_ARRAY, "{1.5,NaN}")).isEqualTo(List.of(new BigDecimal("1.5"), Double.NaN));
		assertThat(text(PgTypeOids.BOOL_ARRAY, "{t,f,NULL}")).isEqualTo(Arrays.asList(true, false, null));
		assertThat(text(1017, "{\"(1,2)\"}")).isEqualTo(List.of("(1,2)"));
		assertThat(text(791, "{$1.00}")).isEqualTo(List.of("$1.00"));
	}

	@Test
	void decodeBinaryArrayOfOtherTypesShouldDecodeEachElement() {
		assertThat(binary(PgTypeOids.NUMERIC_ARRAY,
				"0000000100000001000006a400000002000000010000000c000200000000000100011388ffffffff"))
			.isEqualTo(Arrays.asList(new BigDecimal("1.5"), null));
		assertThat(binary(PgTypeOids.UUID_ARRAY,
				"000000010000000000000b86000000010000000100000010a0eebc999c0b4ef8bb6d6bb9bd380a11"))
			.isEqualTo(List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
	}

	@Test
	void decodeBinaryArrayWhenHeaderNamesAnotherElementTypeShouldDecodeAsThatType() {
		// an int4[] column whose value says its elements are text
		assertThat(binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000019 00000001 00000001 00000001 61"))
			.isEqualTo(List.of("a"));
		// elements of a type without decoder stay bytes
		assertThat(binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00004000 00000001 00000001 00000001 61"))
			.satisfies((value) -> assertThat((byte[]) ((List<?>) value).get(0)).containsExactly('a'));
	}

	@Test
	void decodedArrayShouldBeImmutable() {
		List<?> list = (List<?>) text(PgTypeOids.INT4_ARRAY, "{{1,2},{3,4}}");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> list.remove(0));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> ((List<?>) list.get(0)).clear());
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> ((List<?>) list.get(0)).get(2));
	}

	@Test
	void arrayOfShouldDecodeUserDefinedElements() {
		TypeDecoder moods = TypeDecoder.arrayOf(TypeDecoder.string());
		assertThat(text(moods, "{happy,sad,NULL}")).isEqualTo(Arrays.asList("happy", "sad", null));
		// enum_send sends the label; the header names the enum's OID, whatever it is
		byte[] value = DecodingSupport.hex("00000001 00000001 00004321 00000002 00000001 00000003 736164 ffffffff");
		assertThat(binary(moods, value)).isEqualTo(Arrays.asList("sad", null));
		TypeDecoder boxes = TypeDecoder.arrayOf(TypeDecoder.fallback(), ';');
		assertThat(text(boxes, "{(1,1),(0,0);(2,2),(1,1)}")).isEqualTo(List.of("(1,1),(0,0)", "(2,2),(1,1)"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1,2", "{1,2", "{1,2}}", "{1,,2}", "{,}", "{1 2 3", "{\"a}", "{a\"b\"}", "{1}x",
			"{{1},2}", "{1,{2}}", "{{{{{{{1}}}}}}}", "[1:2={1,2}", "[1:2]{1,2}", "[a:b]={1}", "{a\\", "{\"a\\",
			"{a{b}" })
	void decodeTextArrayWhenMalformedShouldThrow(String text) {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> text(PgTypeOids.TEXT_ARRAY, text))
			.withMessageStartingWith("Cannot decode text[]: text value ");
	}

	@Test
	void decodeTextArrayWhenElementIsMalformedShouldNameTheElementType() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> text(PgTypeOids.INT4_ARRAY, "{1,x}"))
			.withMessageStartingWith("Cannot decode int4: text value ");
	}

	@Test
	void decodeBinaryArrayWhenHeaderIsTruncatedShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "0000000100000000000017"))
			.withMessage("Cannot decode int4[]: binary value has 11 bytes, fewer than the 12 of its header");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 00000002"))
			.withMessage("Cannot decode int4[]: binary value ends inside its dimensions");
	}

	@ParameterizedTest
	@ValueSource(strings = { "00000007 00000000 00000017", "ffffffff 00000000 00000017" })
	void decodeBinaryArrayWhenDimensionCountIsInvalidShouldThrow(String hex) {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, hex))
			.withMessageEndingWith("dimensions, outside 0 to 6");
	}

	@Test
	void decodeBinaryArrayWhenFlagsAreInvalidShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000000 00000002 00000017"))
			.withMessage("Cannot decode int4[]: binary value has invalid flags 2");
	}

	@Test
	void decodeBinaryArrayWhenDimensionIsNegativeShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 ffffffff 00000001"))
			.withMessage("Cannot decode int4[]: binary value has a dimension of negative size -1");
	}

	@Test
	void decodeBinaryArrayWhenElementCountExceedsTheBytesShouldThrowWithoutAllocating() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 7fffffff 00000001 00000000"))
			.withMessage("Cannot decode int4[]: binary value announces 2147483647 elements but has only 4 bytes left");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000006 00000000 00000017"
					+ " 00010000 00000001".repeat(6)))
			.withMessage("Cannot decode int4[]: binary value announces more elements than an array can hold");
	}

	@Test
	void decodeBinaryArrayWhenElementLengthIsPastTheEndShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 00000001 00000001 00000005 00000001"))
			.withMessage("Cannot decode int4[]: binary value has element 0 of 5 bytes but only 4 bytes left");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 00000001 00000001 fffffffe"))
			.withMessage("Cannot decode int4[]: binary value has element 0 of -2 bytes but only 0 bytes left");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY,
					"00000001 00000000 00000017 00000002 00000001 00000004 00000001 000000"))
			.withMessage("Cannot decode int4[]: binary value ends before element 1");
	}

	@Test
	void decodeBinaryArrayWhenBytesFollowTheLastElementShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 00000001 00000001 ffffffff 00"))
			.withMessage("Cannot decode int4[]: binary value has 1 bytes after its last element");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000000 00000000 00000017 00"));
	}

	@Test
	void decodeBinaryArrayWhenElementIsMalformedShouldNameTheElementType() {
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INT4_ARRAY, "00000001 00000000 00000017 00000001 00000001 00000002 0001"))
			.withMessage("Cannot decode int4: binary value has 2 bytes, expected 4");
	}

}
