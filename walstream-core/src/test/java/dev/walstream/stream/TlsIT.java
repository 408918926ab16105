package dev.walstream.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.walstream.error.PermanentConnectionException;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.Operation;
import dev.walstream.testing.PgVersion;
import dev.walstream.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.walstream.stream.StreamTestSupport.collect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS as pgjdbc does it: a server with certificates made for the test, {@code verify-full}
 * streams with the right CA and host name, and fails at once, without retrying, with a wrong host
 * name or an unknown CA. Every connection must use TLS.
 */
class TlsIT {

	@TempDir
	static Path certificates;

	private static PostgresServer server;

	@BeforeAll
	static void startServerWithCertificates() throws Exception {
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
				"-subj", "/CN=walstream test CA");
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt",
				"-days", "2", "-subj", "/CN=some other CA");
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
				"/CN=localhost");
		Files.writeString(certificates.resolve("san.cnf"), "subjectAltName=DNS:localhost\n");
		openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
				"server.crt", "-days", "2", "-extfile", "san.cnf");
		server = PostgresServer.builder(PgVersion.PG17)
			.setting("ssl", "on")
			.setting("ssl_cert_file", "server.crt")
			.setting("ssl_key_file", "server.key")
			.hbaRule("hostnossl all all 0.0.0.0/0 reject")
			.hbaRule("hostnossl all all ::/0 reject")
			.beforeStart((directory) -> {
				for (String file : List.of("server.crt", "server.key")) {
					Path target = directory.resolve(file);
					Files.copy(certificates.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
					Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
					Files.setOwner(target, Files.getOwner(directory));
				}
			})
			.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void verifyFullWithTheRightCaShouldStreamOverTls() {
		String db = server.createDatabase();
		server.execute(db, "CREATE TABLE t (id int); CREATE PUBLICATION pub FOR TABLE t;");
		ConnectionConfig connection = connection(db, "localhost", "ca.crt");
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection,
				ReplicationStreamConfig.builder("slot_" + db, "pub").build())) {
			stream.start(null);
			server.execute(db, "INSERT INTO t VALUES (1)");
			assertThat(collect(stream, 1)).extracting(ChangeEvent::operation).contains(Operation.INSERT);
			assertThat(server.queryForString(db, "SELECT bool_and(s.ssl)::text FROM pg_stat_replication r "
					+ "JOIN pg_stat_ssl s ON s.pid = r.pid")).isEqualTo("true");
		}
	}

	@Test
	void verifyFullWithAnotherHostNameShouldFailWithoutRetrying() {
		String db = server.createDatabase();
		server.execute(db, "CREATE PUBLICATION pub FOR ALL TABLES");
		ConnectionConfig connection = connection(db, "127.0.0.1", "ca.crt");
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection,
				ReplicationStreamConfig.builder("slot_" + db, "pub").build())) {
			assertThatExceptionOfType(PermanentConnectionException.class).isThrownBy(stream::initialize)
				.withMessageContaining("TLS");
		}
	}

	@Test
	void verifyFullWithAnUnknownCaShouldFailWithoutRetrying() {
		String db = server.createDatabase();
		ConnectionConfig connection = connection(db, "localhost", "other-ca.crt");
		try (LogicalReplicationStream stream = LogicalReplicationStream.open(connection,
				ReplicationStreamConfig.builder("slot_" + db, "pub").build())) {
			assertThatExceptionOfType(PermanentConnectionException.class).isThrownBy(stream::initialize)
				.satisfies((ex) -> assertThat(ex.isRetryable()).isFalse());
		}
	}

	private static ConnectionConfig connection(String db, String host, String caFile) {
		return ConnectionConfig.builder()
			.host(host)
			.port(server.port())
			.database(db)
			.user(server.superuser())
			.password(server.superuserPassword())
			.sslMode(SslMode.VERIFY_FULL)
			.sslRootCert(certificates.resolve(caFile).toString())
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static void openssl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(certificates.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("openssl %s: %s", arguments[0], output).isZero();
	}

}
