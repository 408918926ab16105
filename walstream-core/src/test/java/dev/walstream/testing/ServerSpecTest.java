package dev.walstream.testing;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerSpecTest {

	@Test
	void ofShouldTrimNamesAndValuesAndLowerCaseNames() {
		ServerSpec spec = ServerSpec.of(PgVersion.PG16, List.of(" Wal_Sender_Timeout = 5s "), List.of());
		assertThat(spec.settings()).containsExactly(Map.entry("wal_sender_timeout", "5s"));
	}

	@Test
	void ofWhenSettingsAreInAnotherOrderShouldBeEqual() {
		ServerSpec spec = ServerSpec.of(PgVersion.PG17, List.of("a=1", "b.c=2"), List.of("host all x 127.0.0.1/32 md5"));
		ServerSpec reordered = ServerSpec.of(PgVersion.PG17, List.of("b.c=2", "a=1"),
				List.of(" host all x 127.0.0.1/32 md5"));
		assertThat(reordered).isEqualTo(spec).hasSameHashCodeAs(spec);
	}

	@Test
	void ofWhenVersionOrRulesDifferShouldNotBeEqual() {
		ServerSpec spec = ServerSpec.of(PgVersion.PG17, List.of(), List.of());
		assertThat(spec.withVersion(PgVersion.PG15)).isNotEqualTo(spec);
		assertThat(ServerSpec.of(PgVersion.PG17, List.of(), List.of("local all all trust"))).isNotEqualTo(spec);
	}

	@Test
	void ofWhenValueContainsEqualsSignShouldKeepIt() {
		ServerSpec spec = ServerSpec.of(PgVersion.PG17, List.of("log_line_prefix=%m a=b "), List.of());
		assertThat(spec.settings()).containsEntry("log_line_prefix", "%m a=b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "port=5432", "fsync=on", " FSYNC = off" })
	void ofWhenSettingIsManagedShouldThrow(String setting) {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerSpec.of(PgVersion.PG17, List.of(setting), List.of()))
			.withMessageContaining("managed by PostgresServer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "wal_level", "=logical", "wal level=logical", "1st=x" })
	void ofWhenSettingIsMalformedShouldThrow(String setting) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSpec.of(PgVersion.PG17, List.of(setting), List.of()));
	}

	@Test
	void ofWhenSettingIsGivenTwiceWithDifferentValuesShouldThrow() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSpec.of(PgVersion.PG17, List.of("work_mem=4MB", "work_mem=8MB"), List.of()))
			.withMessageContaining("given twice");
	}

	@Test
	void ofWhenRuleSpansLinesShouldThrow() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSpec.of(PgVersion.PG17, List.of(), List.of("local all all trust\nhost all")));
	}

	@Test
	void effectiveSettingsShouldPutTheTestsSettingsOverTheBaseline() {
		ServerSpec spec = ServerSpec.of(PgVersion.PG17, List.of("max_replication_slots=40", "work_mem=8MB"), List.of());
		Map<String, String> effective = spec.effectiveSettings(54321);
		assertThat(effective).containsEntry("wal_level", "logical")
			.containsEntry("max_replication_slots", "40")
			.containsEntry("max_wal_senders", "20")
			.containsEntry("max_prepared_transactions", "10")
			.containsEntry("fsync", "off")
			.containsEntry("synchronous_commit", "on")
			.containsEntry("work_mem", "8MB")
			.containsEntry("port", "54321");
	}

	@Test
	void toConfigurationLinesShouldQuoteEveryValue() {
		assertThat(ServerSpec.toConfigurationLines(Map.of("application_name", "it's \\here")))
			.isEqualTo("application_name = 'it''s \\\\here'\n");
	}

}
