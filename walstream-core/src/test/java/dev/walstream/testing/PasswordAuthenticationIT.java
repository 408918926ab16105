package dev.walstream.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code pg_hba.conf} rules of a test come before the default trust rules, so a role can be made to
 * authenticate with SCRAM.
 */
@EmbeddedPostgres(settings = "log_connections=on",
		hba = { "host all alice 127.0.0.1/32 scram-sha-256", "host all alice ::1/128 scram-sha-256" })
class PasswordAuthenticationIT {

	@Test
	void roleWithScramRuleNeedsItsPassword(PostgresServer server) throws SQLException {
		server.execute("DROP ROLE IF EXISTS alice; CREATE ROLE alice LOGIN PASSWORD 'wonderland'");
		assertThat(server.queryForString("SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'"))
			.startsWith("SCRAM-SHA-256$");
		ServerLog log = server.log().fromNow();

		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "alice", "wonderland")) {
			assertThat(connection.getMetaData().getUserName()).isEqualTo("alice");
		}
		assertThatExceptionOfType(PSQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "alice", "rabbit hole").close())
			.withMessageContaining("password authentication failed for user \"alice\"");

		assertThat(log.text()).contains("connection authenticated: identity=\"alice\" method=scram-sha-256");
	}

	@Test
	void superuserHasItsPasswordAndOtherRolesAreTrusted(PostgresServer server) throws SQLException {
		assertThat(server.queryForString("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = 'postgres'"))
			.isEqualTo("t");
		server.execute("DROP ROLE IF EXISTS bob; CREATE ROLE bob LOGIN");
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "bob", null)) {
			assertThat(connection.isValid(5)).isTrue();
		}
	}

}
