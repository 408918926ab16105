package dev.walstream.sample;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import dev.walstream.sample.embedded.EmbeddedPostgresInitializer;
import dev.walstream.sample.shop.ChangeLog;
import dev.walstream.sample.shop.WorkloadGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with the {@code external} profile, against a server prepared the way README.md tells a
 * DBA to: it streams from that server and creates nothing there but its slot.
 */
class ExternalProfileTests {

	static EmbeddedPostgres server;

	static DataSource shop;

	@BeforeAll
	static void prepareServer() throws IOException, SQLException {
		server = EmbeddedPostgres.builder()
			.setServerConfig("wal_level", "logical")
			.setServerConfig("synchronous_commit", "on")
			.setRegisterShutdownHook(false)
			.start();
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE shop");
		}
		shop = server.getDatabase("postgres", "shop");
		new ResourceDatabasePopulator(new ClassPathResource("db/shop-schema.sql"),
				new ClassPathResource("db/walstream-setup.sql"))
			.execute(shop);
	}

	@AfterAll
	static void stopServer() throws IOException {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void streamsFromTheConfiguredServerAndCreatesNothingButItsSlot() {
		JdbcClient jdbc = JdbcClient.create(shop);
		String objectsBefore = objects(jdbc);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.NONE)
			.profiles("external")
			// arguments, as a user gives them: they take precedence over application-external.yml
			.run("--spring.datasource.url=jdbc:postgresql://localhost:" + server.getPort() + "/shop",
					"--spring.datasource.username=postgres", "--spring.main.banner-mode=off")) {
			assertThat(context.containsBean(EmbeddedPostgresInitializer.NAME)).isFalse();
			assertThat(context.getBeanProvider(WorkloadGenerator.class).getIfAvailable()).isNull();
			ChangeLog changes = context.getBean(ChangeLog.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.sql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'shop_slot'"
						+ " AND active").query(Integer.class).single() == 1);
			jdbc.sql("INSERT INTO orders (customer, total) VALUES ('External', 1.00)").update();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(changes.recent())
					.anySatisfy((line) -> assertThat(line).contains("placed by External: 1.00 EUR")));
			assertThat(jdbc.sql("SELECT usename FROM pg_stat_replication").query(String.class).list())
				.containsExactly("walstream_cdc");
		}
		assertThat(objects(jdbc)).isEqualTo(objectsBefore);
	}

	/**
	 * The tables, publications and roles of the server, to show the sample added none.
	 */
	private static String objects(JdbcClient jdbc) {
		return jdbc.sql("SELECT (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class"
				+ " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') || ' | '"
				+ " || (SELECT string_agg(pubname, ',' ORDER BY pubname) FROM pg_publication) || ' | '"
				+ " || (SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles)")
			.query(String.class)
			.single();
	}

}
