package dev.walstream.stream;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConnectionConfigTest {

	@Test
	void fromLibpqShouldReadEveryKeyAndQuotedValues() {
		ConnectionConfig config = ConnectionConfig.fromLibpq("host=db.example.com port=6543 dbname='my shop' "
				+ "user=cdc password='it\\'s \\'quoted\\' \\\\ here' sslmode=verify-ca sslrootcert=/etc/ca.pem "
				+ "application_name=orders connect_timeout=7");
		assertThat(config.host()).isEqualTo("db.example.com");
		assertThat(config.port()).isEqualTo(6543);
		assertThat(config.database()).isEqualTo("my shop");
		assertThat(config.user()).isEqualTo("cdc");
		assertThat(config.driverPropertiesForConnection(false).getProperty("password")).isEqualTo("it's 'quoted' \\ here");
		assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_CA);
		assertThat(config.driverPropertiesForConnection(false).getProperty("sslrootcert")).isEqualTo("/etc/ca.pem");
		assertThat(config.applicationName()).isEqualTo("orders");
		assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void fromLibpqWhenKeyIsUnknownShouldNameItButNoValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConnectionConfig.fromLibpq("host=h dbname=d user=u password=s3cr3t colour=blue"))
			.withMessageContaining("'colour'")
			.withMessageNotContaining("s3cr3t");
	}

	@Test
	void fromLibpqWhenQuoteIsUnterminatedShouldNotRepeatTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConnectionConfig.fromLibpq("host=h dbname=d user=u password='s3cr3t"))
			.withMessageContaining("unterminated quoted value for key 'password'")
			.withMessageNotContaining("s3cr3t");
	}

	@Test
	void fromJdbcUrlShouldReadHostPortDatabaseAndParameters() {
		ConnectionConfig config = ConnectionConfig
			.fromJdbcUrl("jdbc:postgresql://db.example.com:5433/shop?user=cdc&password=pw&sslmode=require&socketTimeout=30");
		assertThat(config.host()).isEqualTo("db.example.com");
		assertThat(config.port()).isEqualTo(5433);
		assertThat(config.database()).isEqualTo("shop");
		assertThat(config.user()).isEqualTo("cdc");
		assertThat(config.sslMode()).isEqualTo(SslMode.REQUIRE);
		assertThat(config.driverProperties()).containsEntry("socketTimeout", "30");
		assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/shop");
	}

	@Test
	void jdbcUrlWithoutCredentialsShouldTakeThemFromTheBuilder() {
		ConnectionConfig config = ConnectionConfig.builder()
			.jdbcUrl("jdbc:postgresql://db.example.com/shop?ApplicationName=orders")
			.user("cdc")
			.password("pw")
			.build();
		assertThat(config.port()).isEqualTo(5432);
		assertThat(config.user()).isEqualTo("cdc");
		assertThat(config.applicationName()).isEqualTo("orders");
	}

	@Test
	void toStringShouldNeverShowPasswords() {
		ConnectionConfig config = ConnectionConfig.builder()
			.database("d")
			.user("u")
			.password("s3cr3t")
			.driverProperty("sslpassword", "k3y")
			.build();
		assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("k3y").contains("password=******");
		assertThat(config.hasPassword()).isTrue();
	}

	@Test
	void sslModeShouldDefaultToVerifyFullAwayFromThisMachine() {
		ConnectionConfig.Builder builder = ConnectionConfig.builder().database("d").user("u");
		assertThat(builder.host("localhost").build().sslMode()).isEqualTo(SslMode.PREFER);
		assertThat(builder.host("127.0.0.1").build().sslMode()).isEqualTo(SslMode.PREFER);
		assertThat(builder.host("db.example.com").build().sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(builder.sslMode(SslMode.DISABLE).build().sslMode()).isEqualTo(SslMode.DISABLE);
	}

	@Test
	void replicationPropertiesShouldAskForALogicalReplicationConnection() {
		ConnectionConfig config = ConnectionConfig.builder().database("d").user("u").build();
		assertThat(config.driverPropertiesForConnection(true)).containsEntry("replication", "database")
			.containsEntry("preferQueryMode", "simple");
		assertThat(config.driverPropertiesForConnection(false)).doesNotContainKey("replication");
	}

	@Test
	void buildWhenRequiredValuesAreMissingShouldSayWhich() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConnectionConfig.builder().user("u").build())
			.withMessageContaining("database");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConnectionConfig.builder().database("d").user("u").port(70000).build())
			.withMessageContaining("port");
	}

}
