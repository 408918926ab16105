package dev.walstream.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PgVersionTest {

	@ParameterizedTest
	@EnumSource(PgVersion.class)
	void ofWhenMajorIsSupportedShouldReturnItsVersion(PgVersion version) {
		assertThat(PgVersion.of(version.major())).isSameAs(version);
		assertThat(version.name()).isEqualTo("PG" + version.major());
	}

	@Test
	void ofWhenMajorIsNotSupportedShouldNameTheSupportedOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> PgVersion.of(13))
			.withMessage("PostgreSQL 13 is not supported; supported major versions: 14, 15, 16, 17, 18");
	}

	@Test
	void defaultVersionWhenPropertyIsAbsentShouldBe17() {
		assertThat(PgVersion.defaultVersion(null)).isSameAs(PgVersion.PG17);
		assertThat(PgVersion.defaultVersion(" ")).isSameAs(PgVersion.PG17);
	}

	@Test
	void defaultVersionWhenPropertyNamesAMajorShouldBeThatVersion() {
		assertThat(PgVersion.defaultVersion("14")).isSameAs(PgVersion.PG14);
	}

	@Test
	void defaultVersionWhenPropertyIsNotANumberShouldThrow() {
		assertThatIllegalArgumentException().isThrownBy(() -> PgVersion.defaultVersion("seventeen"))
			.withMessageContaining("walstream.pg.version");
	}

}
