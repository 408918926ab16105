package dev.walstream.testing;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension injects servers configured by the nearest annotation and shares them by configuration.
 */
@EmbeddedPostgres(settings = { "logical_decoding_work_mem=64kB", "wal_sender_timeout=5s" })
class EmbeddedPostgresExtensionIT {

	static PostgresServer staticField;

	PostgresServer instanceField;

	private final PostgresServer constructorParameter;

	EmbeddedPostgresExtensionIT(PostgresServer constructorParameter) {
		this.constructorParameter = constructorParameter;
	}

	@Test
	void injectsOneSharedServerIntoFieldsAndParameters(PostgresServer parameter, PostgresServers servers) {
		assertThat(parameter).isSameAs(staticField)
			.isSameAs(this.instanceField)
			.isSameAs(this.constructorParameter)
			.isSameAs(servers.get());
	}

	@Test
	void appliesTheClassSettingsOnTopOfTheBaseline(PostgresServer server) {
		assertThat(server.queryForString("SHOW logical_decoding_work_mem")).isEqualTo("64kB");
		assertThat(server.queryForString("SHOW wal_sender_timeout")).isEqualTo("5s");
		assertThat(server.queryForString("SHOW wal_level")).isEqualTo("logical");
		assertThat(server.settings()).containsEntry("wal_sender_timeout", "5s")
			.containsEntry("port", String.valueOf(server.port()));
	}

	@Test
	void sameSettingsInAnotherOrderShareTheServer(PostgresServer server, @EmbeddedPostgres(
			settings = { "wal_sender_timeout=5s", "LOGICAL_DECODING_WORK_MEM = 64kB" }) PostgresServer reordered) {
		assertThat(reordered).isSameAs(server);
	}

	@Test
	void otherSettingsGetAnotherServer(PostgresServer server, @EmbeddedPostgres PostgresServer plain) {
		assertThat(plain).isNotSameAs(server);
		assertThat(plain.port()).isNotEqualTo(server.port());
		assertThat(plain.queryForString("SHOW logical_decoding_work_mem")).isEqualTo("64MB");
	}

	@Test
	@EmbeddedPostgres(version = 16)
	void methodAnnotationReplacesTheClassAnnotation(PostgresServer server, PostgresServers servers) {
		assertThat(server.majorVersion()).isEqualTo(16);
		assertThat(server.queryForString("SHOW logical_decoding_work_mem")).isEqualTo("64MB");
		assertThat(servers.get()).isSameAs(server);
		assertThat(servers.get(PgVersion.PG17)).isNotSameAs(server).isNotSameAs(staticField);
		assertThat(this.instanceField).as("fields follow their class").isSameAs(staticField);
	}

	@Test
	@EmbeddedPostgres(shared = false, settings = { "logical_decoding_work_mem=64kB", "wal_sender_timeout=5s" })
	void ownServerIsNotShared(PostgresServer own, PostgresServers servers) {
		assertThat(own).isNotSameAs(staticField);
		assertThat(servers.get()).as("same test, same configuration").isSameAs(own);
		own.restart();
		assertThat(own.isRunning()).isTrue();
	}

	@Test
	void createDatabaseGivesEachCallerAFreshDatabase(PostgresServer server) {
		String first = server.createDatabase();
		String second = server.createDatabase();
		assertThat(first).isNotEqualTo(second);
		server.execute(first, "CREATE TABLE only_here (id int)");
		assertThat(server.queryForString(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"))
			.isEqualTo("0");
		assertThat(server.jdbcUrl(first)).isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/" + first);
	}

	@Nested
	class WhenNested {

		@Test
		void inheritsTheEnclosingClassConfiguration(PostgresServer server) {
			assertThat(server).isSameAs(staticField);
		}

	}

}
