package dev.walstream.sample.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A PostgreSQL server from zonky's embedded binaries, set up for logical replication, with the
 * {@value #DATABASE} database, its tables, a publication and a replication role.
 *
 * <p>The server runs as long as the application context: it is closed after every other bean, so
 * walstream acknowledges its last transaction before the server goes down. Its data directory is
 * temporary and deleted on close, so every run starts afresh with a new slot.
 */
final class EmbeddedShopDatabase implements AutoCloseable {

	/** The database the shop's tables are in. */
	static final String DATABASE = "shop";

	/** The owner of the tables, which the application's DataSource connects as. */
	static final String OWNER = "postgres";

	/** The role walstream streams as: LOGIN and REPLICATION, no superuser, no table privileges. */
	static final String REPLICATION_ROLE = "walstream_cdc";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedShopDatabase.class);

	private final EmbeddedPostgres postgres;

	private EmbeddedShopDatabase(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Start a server and create the shop in it.
	 * @param port the port on localhost, or 0 for a free one
	 * @return the running server
	 */
	static EmbeddedShopDatabase start(int port) {
		long start = System.nanoTime();
		Path log = Path.of(System.getProperty("java.io.tmpdir"), "walstream-sample-postgres.log");
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setServerConfig("wal_level", "logical")
			.setServerConfig("max_wal_senders", "10")
			.setServerConfig("max_replication_slots", "10")
			// zonky turns it off; an asynchronous commit reaches logical walsenders only once flushed
			.setServerConfig("synchronous_commit", "on")
			.setPGStartupWait(Duration.ofSeconds(60))
			// the application context closes the server after walstream has stopped; a JVM shutdown
			// hook of zonky's own would race with that and cut walstream's last acknowledgement off
			.setRegisterShutdownHook(false)
			.setOutputRedirector(Redirect.to(log.toFile()))
			.setErrorRedirector(Redirect.to(log.toFile()));
		if (port != 0) {
			builder.setPort(port);
		}
		EmbeddedPostgres postgres;
		try {
			postgres = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL; its log is " + log
					+ ". To use a server of your own instead, run with the 'external' profile", ex);
		}
		EmbeddedShopDatabase database = new EmbeddedShopDatabase(postgres);
		try {
			database.createShop();
		}
		catch (RuntimeException ex) {
			database.close();
			throw ex;
		}
		logger.info("Started PostgreSQL for the sample in {} ms: psql -h localhost -p {} -U {} {} (server log {})",
				Duration.ofNanos(System.nanoTime() - start).toMillis(), postgres.getPort(), OWNER, DATABASE, log);
		return database;
	}

	private void createShop() {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + DATABASE, ex);
		}
		DataSource shop = this.postgres.getDatabase(OWNER, DATABASE);
		// the same scripts a DBA runs against a server of their own (see README.md)
		new ResourceDatabasePopulator(new ClassPathResource("db/shop-schema.sql"),
				new ClassPathResource("db/walstream-setup.sql"))
			.execute(shop);
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	int port() {
		return this.postgres.getPort();
	}

	/**
	 * Return the properties that point the application at this server: the DataSource as the
	 * tables' owner, walstream as the replication role, and the workload turned on.
	 * @return the properties by name
	 */
	Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", "jdbc:postgresql://localhost:" + port() + "/" + DATABASE);
		properties.put("spring.datasource.username", OWNER);
		properties.put("walstream.connection.username", REPLICATION_ROLE);
		properties.put("sample.workload.enabled", "true");
		return properties;
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
			logger.info("Stopped the sample's PostgreSQL; its data directory is deleted");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stop the embedded PostgreSQL", ex);
		}
	}

	@Override
	public String toString() {
		return "embedded PostgreSQL on localhost:" + port();
	}

}
