package dev.walstream.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.walstream.decode.DecodingSupport.binary;
import static dev.walstream.decode.DecodingSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for decoding {@code inet, cidr, macaddr, macaddr8, bit, varbit}: binary values must give
 * the text the server prints for them.
 */
class NetworkDecodingTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "192.168.0.1/24|02180004c0a80001", "10.1.2.3|022000040a010203",
			"0.0.0.0/0|0200000400000000", "::2|0380001000000000000000000000000000000002",
			"::1|0380001000000000000000000000000000000001", "::|0380001000000000000000000000000000000000",
			"::0.1.0.1|0380001000000000000000000000000000010001",
			"::ffff:1.2.3.4|0380001000000000000000000000ffff01020304",
			"1::|0380001000010000000000000000000000000000", "1:0:0:2::3|0380001000010000000000020000000000000003",
			"1::2:0:0:3:4|0380001000010000000000020000000000030004",
			"::ffff:0.0.0.0|0380001000000000000000000000ffff00000000",
			"fe80::1/64|03400010fe800000000000000000000000000001",
			"::1.0.0.0|0380001000000000000000000000000001000000",
			"2001:db8:85a3::8a2e:370:7334|0380001020010db885a3000000008a2e03707334",
			"0:0:1::|0380001000000000000100000000000000000000" })
	void decodeBinaryInetShouldReturnTheServersText(String expected, String hex) {
		assertThat(binary(PgTypeOids.INET, hex)).isEqualTo(expected);
		assertThat(text(PgTypeOids.INET, expected)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "10.0.0.0/8|020801040a000000", "192.168.1.0/24|02180104c0a80100",
			"1.2.3.4/32|0220010401020304", "2001:db8::/32|0320011020010db8000000000000000000000000",
			"::/0|0300011000000000000000000000000000000000", "::1/128|0380011000000000000000000000000000000001" })
	void decodeBinaryCidrShouldAlwaysShowTheMask(String expected, String hex) {
		assertThat(binary(PgTypeOids.CIDR, hex)).isEqualTo(expected);
	}

	@Test
	void decodeBinaryInetWhenMalformedShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.INET, "021800"))
			.withMessage("Cannot decode inet: binary value has 3 bytes, fewer than the 4 of its header");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INET, "02180010c0a80001"))
			.withMessage("Cannot decode inet: binary value has address family 2 with an address of 16 bytes");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INET, "02210004c0a80001"))
			.withMessage("Cannot decode inet: binary value has a mask of 33 bits");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.INET, "02180004c0a800"))
			.withMessage("Cannot decode inet: binary value has 7 bytes, expected 8");
	}

	@Test
	void decodeBinaryMacaddrShouldReturnTheServersText() {
		assertThat(binary(PgTypeOids.MACADDR, "08002b010203")).isEqualTo("08:00:2b:01:02:03");
		assertThat(binary(PgTypeOids.MACADDR8, "08002b0102030405")).isEqualTo("08:00:2b:01:02:03:04:05");
		assertThat(text(PgTypeOids.MACADDR, "08:00:2b:01:02:03")).isEqualTo("08:00:2b:01:02:03");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.MACADDR, "08002b0102"))
			.withMessage("Cannot decode macaddr: binary value has 5 bytes, expected 6");
	}

	@ParameterizedTest
	@CsvSource({ "1, 0000000180", "10110, 00000005b0", "101101011, 00000009b580", "'', 00000000" })
	void decodeBinaryBitStringShouldReturnTheServersText(String expected, String hex) {
		assertThat(binary(PgTypeOids.VARBIT, hex)).isEqualTo(expected);
		assertThat(binary(PgTypeOids.BIT, hex)).isEqualTo(expected);
	}

	@Test
	void decodeBinaryBitStringWhenCountDisagreesWithBytesShouldThrow() {
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.BIT, "00000009b5"))
			.withMessage("Cannot decode bit: binary value announces 9 bits in 1 bytes");
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.VARBIT, "7fffffff00"));
		assertThatExceptionOfType(ValueDecodingException.class)
			.isThrownBy(() -> binary(PgTypeOids.VARBIT, "ffffffff"));
		assertThatExceptionOfType(ValueDecodingException.class).isThrownBy(() -> binary(PgTypeOids.VARBIT, "000000"));
	}

}
