package dev.walstream.decode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTypeOids}.
 */
class PgTypeOidsTest {

	@Test
	void elementOfShouldMapBuiltInArraysToTheirElements() {
		assertThat(PgTypeOids.elementOf(PgTypeOids.INT4_ARRAY)).isEqualTo(PgTypeOids.INT4);
		assertThat(PgTypeOids.elementOf(199)).isEqualTo(PgTypeOids.JSON);
		assertThat(PgTypeOids.elementOf(271)).isEqualTo(PgTypeOids.XID8);
		assertThat(PgTypeOids.elementOf(6157)).isEqualTo(PgTypeOids.INT8MULTIRANGE);
		assertThat(PgTypeOids.elementOf(PgTypeOids.INT4)).isEqualTo(PgTypeOids.INVALID);
		assertThat(PgTypeOids.elementOf(16384)).isEqualTo(PgTypeOids.INVALID);
	}

	@Test
	void arrayOfShouldInvertElementOf() {
		for (int arrayOid : PgTypeOids.arrayOids()) {
			assertThat(PgTypeOids.arrayOf(PgTypeOids.elementOf(arrayOid))).isEqualTo(arrayOid);
			assertThat(PgTypeOids.isArray(arrayOid)).isTrue();
		}
		assertThat(PgTypeOids.arrayOf(PgTypeOids.UNKNOWN)).isEqualTo(PgTypeOids.INVALID);
	}

	@Test
	void typeNameShouldNameBuiltInTypesAndTheirArrays() {
		assertThat(PgTypeOids.typeName(PgTypeOids.TIMESTAMPTZ)).isEqualTo("timestamptz");
		assertThat(PgTypeOids.typeName(PgTypeOids.TIMESTAMPTZ_ARRAY)).isEqualTo("timestamptz[]");
		assertThat(PgTypeOids.typeName(16384)).isNull();
		assertThat(PgTypeOids.displayName(16384)).isEqualTo("type 16384");
	}

	@Test
	void arrayDelimiterShouldBeSemicolonOnlyForBox() {
		assertThat(PgTypeOids.arrayDelimiter(PgTypeOids.BOX)).isEqualTo(';');
		assertThat(PgTypeOids.arrayDelimiter(PgTypeOids.POINT)).isEqualTo(',');
	}

	@Test
	void everyBuiltInArrayShouldDecodeToList() {
		for (int arrayOid : PgTypeOids.arrayOids()) {
			assertThat(DecodingSupport.text(arrayOid, "{}")).as(PgTypeOids.displayName(arrayOid)).isEqualTo(java.util.List.of());
		}
	}

}
