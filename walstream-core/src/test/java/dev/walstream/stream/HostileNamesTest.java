package dev.walstream.stream;

import java.util.List;

import dev.walstream.Lsn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Injection through configuration: hostile slot names are rejected, hostile publication and table
 * names are quoted so that they stay names, and the password stays out of every description. (Here
 * rather than in {@code dev.walstream.fault} because the quoting is package-private.)
 */
class HostileNamesTest {

	private static final String HOSTILE_PUBLICATION = "pub'); DROP TABLE x; --\"";

	@ParameterizedTest
	@ValueSource(strings = { "slot\"; DROP TABLE x; --", "slot' (proto_version '1')", "Slot", "a b", "", "s\0",
			"x1234567890123456789012345678901234567890123456789012345678901234" })
	void hostileSlotNameShouldBeRejected(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationStreamConfig.builder(name, "pub").build())
			.withMessageContaining("Invalid replication slot name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "pub\0", "p1234567890123456789012345678901234567890123456789012345678901234" })
	void impossiblePublicationNameShouldBeRejected(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationStreamConfig.builder("slot", name).build())
			.withMessageContaining("Invalid publication name");
	}

	@Test
	void hostileOriginShouldBeRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReplicationStreamConfig.builder("slot", "pub").origin("any', two_phase 'on").build());
	}

	@Test
	void hostilePublicationNameShouldStayOneQuotedNameInStartReplication() {
		NegotiatedOptions options = new NegotiatedOptions(4, StreamingMode.OFF, false, false, false, null,
				List.of(HOSTILE_PUBLICATION, "other"));
		assertThat(options.startReplicationCommand("slot", Lsn.INVALID))
			.isEqualTo("START_REPLICATION SLOT \"slot\" LOGICAL 0/0 (\"proto_version\" '4', \"publication_names\" "
					+ "'\"pub''); DROP TABLE x; --\"\"\",\"other\"')");
	}

	@Test
	void slotNameShouldBeValidatedAgainWhenTheCommandIsBuilt() {
		NegotiatedOptions options = new NegotiatedOptions(1, StreamingMode.OFF, false, false, false, null, List.of("p"));
		assertThatIllegalArgumentException().isThrownBy(() -> options.startReplicationCommand("s\" x", Lsn.INVALID));
	}

	@Test
	void identifiersAndLiteralsShouldBeQuotedByDoubling() {
		assertThat(ServerCatalog.quoteIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
		assertThat(ServerCatalog.quoteLiteral("a'b")).isEqualTo("'a''b'");
		assertThat(ServerCatalog.quoteQualified("s\".t")).isEqualTo("\"s\"\"\".\"t\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerCatalog.quoteIdentifier("a\0b"));
		assertThatIllegalArgumentException().isThrownBy(() -> ServerCatalog.quoteLiteral("a\0b"));
	}

	@Test
	void temporarySlotCommandShouldQuoteTheValidatedName() {
		ReplicationStreamConfig config = ReplicationStreamConfig.builder("slot_1", HOSTILE_PUBLICATION).build();
		assertThat(ServerChecks.createTemporarySlotCommand(config, null))
			.isEqualTo("CREATE_REPLICATION_SLOT \"slot_1\" TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT");
	}

	@Test
	void passwordShouldNotAppearInDescriptions() {
		ConnectionConfig config = ConnectionConfig.fromLibpq("host=db.example.com dbname=shop user=cdc "
				+ "password=s3cr3t-Pa55 sslmode=verify-full");
		ConnectionConfig fromUrl = ConnectionConfig
			.fromJdbcUrl("jdbc:postgresql://db.example.com/shop?user=cdc&password=s3cr3t-Pa55&apiToken=t0k3n-value");
		assertThat(config.toString()).doesNotContain("s3cr3t-Pa55").contains("password=******");
		assertThat(config.jdbcUrl()).doesNotContain("s3cr3t-Pa55");
		assertThat(fromUrl.toString()).doesNotContain("s3cr3t-Pa55").doesNotContain("t0k3n-value");
		assertThat(fromUrl.jdbcUrl()).doesNotContain("s3cr3t-Pa55").doesNotContain("t0k3n-value");
	}

}
