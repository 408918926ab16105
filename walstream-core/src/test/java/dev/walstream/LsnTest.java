package dev.walstream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LsnTest {

	@Test
	void parseShouldReadBothHalves() {
		assertThat(Lsn.parse("16/B374D848").value()).isEqualTo(0x16_B374D848L);
	}

	@Test
	void parseShouldAcceptZeroPaddedLowHalfAsPostgres18PrintsIt() {
		assertThat(Lsn.parse("0/016B3748")).isEqualTo(Lsn.parse("0/16B3748"));
	}

	@Test
	void toStringShouldPrintLikePostgresAndPgjdbc() {
		assertThat(Lsn.of(0x16_B374D848L)).hasToString("16/B374D848");
		assertThat(Lsn.of(0x16B3748L)).hasToString("0/16B3748");
		assertThat(Lsn.INVALID).hasToString("0/0");
		assertThat(Lsn.of(-1L)).hasToString("FFFFFFFF/FFFFFFFF");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "0/", "/0", "junk", "1/2/3", "G/0", "0/G", "123456789/0", "0/123456789", "-1/0",
			"0/+1", " 0/1" })
	void parseWhenTextIsMalformedShouldThrow(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse(text)).withMessageContaining(text);
	}

	@Test
	void compareShouldBeUnsigned() {
		Lsn high = Lsn.of(0x8000_0000_0000_0000L);
		Lsn low = Lsn.of(1);
		assertThat(high).isGreaterThan(low);
		assertThat(high.isAfter(low)).isTrue();
		assertThat(low.isBefore(high)).isTrue();
		assertThat(Lsn.max(low, high)).isSameAs(high);
	}

	@Test
	void arithmeticShouldCountBytes() {
		Lsn start = Lsn.parse("1/FFFFFF00");
		Lsn end = start.plus(0x200);
		assertThat(end).isEqualTo(Lsn.parse("2/100"));
		assertThat(end.minus(start)).isEqualTo(0x200);
		assertThat(start.minus(end)).isEqualTo(-0x200);
	}

	@Test
	void ofZeroShouldBeInvalid() {
		assertThat(Lsn.of(0)).isSameAs(Lsn.INVALID);
		assertThat(Lsn.INVALID.isValid()).isFalse();
		assertThat(Lsn.of(1).isValid()).isTrue();
	}

}
