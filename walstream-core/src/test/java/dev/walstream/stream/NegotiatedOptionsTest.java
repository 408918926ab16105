package dev.walstream.stream;

import dev.walstream.Lsn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NegotiatedOptionsTest {

	private static ServerInfo server(int versionNumber) {
		return new ServerInfo(versionNumber, versionNumber / 10000 + ".1", "logical", 60_000, "u", false, true);
	}

	@Test
	void negotiateShouldUseTheHighestVersionTheServerSpeaks() {
		ReplicationStreamConfig config = ReplicationStreamConfig.builder("s", "p").build();
		assertThat(NegotiatedOptions.negotiate(config, server(140_010)).protocolVersion()).isEqualTo(2);
		assertThat(NegotiatedOptions.negotiate(config, server(150_005)).protocolVersion()).isEqualTo(3);
		assertThat(NegotiatedOptions.negotiate(config, server(180_001)).protocolVersion()).isEqualTo(4);
	}

	@Test
	void negotiateShouldLowerStreamingToWhatTheVersionSupports() {
		ReplicationStreamConfig parallel = ReplicationStreamConfig.builder("s", "p").streaming(StreamingMode.PARALLEL).build();
		assertThat(NegotiatedOptions.negotiate(parallel, server(150_000)).streaming()).isEqualTo(StreamingMode.ON);
		assertThat(NegotiatedOptions.negotiate(parallel, server(170_000)).streaming()).isEqualTo(StreamingMode.PARALLEL);
		ReplicationStreamConfig v1 = ReplicationStreamConfig.builder("s", "p").protocolVersion(1).streaming(StreamingMode.OFF)
			.build();
		assertThat(NegotiatedOptions.negotiate(v1, server(170_000)).asOptions()).doesNotContainKey("streaming");
	}

	@Test
	void negotiateWhenServerLacksAFeatureShouldSaySo() {
		ReplicationStreamConfig twoPhase = ReplicationStreamConfig.builder("s", "p").twoPhase(true).build();
		assertThatIllegalArgumentException().isThrownBy(() -> NegotiatedOptions.negotiate(twoPhase, server(140_000)))
			.withMessageContaining("PostgreSQL 15");
		ReplicationStreamConfig v4 = ReplicationStreamConfig.builder("s", "p").protocolVersion(4).build();
		assertThatIllegalArgumentException().isThrownBy(() -> NegotiatedOptions.negotiate(v4, server(150_000)))
			.withMessageContaining("at most version 3");
	}

	@Test
	void startReplicationCommandShouldQuoteEveryName() {
		ReplicationStreamConfig config = ReplicationStreamConfig.builder("orders_slot", "pub'); DROP TABLE x; --", "we\"ird")
			.binary(true)
			.build();
		String command = NegotiatedOptions.negotiate(config, server(170_000))
			.startReplicationCommand("orders_slot", Lsn.parse("16/B374D848"));
		assertThat(command).isEqualTo("START_REPLICATION SLOT \"orders_slot\" LOGICAL 16/B374D848 (\"proto_version\" '4', "
				+ "\"publication_names\" '\"pub''); DROP TABLE x; --\",\"we\"\"ird\"', \"streaming\" 'on', "
				+ "\"binary\" 'true', \"messages\" 'true')");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Upper", "with space", "a-b", "x\" (", "slot'", "s;drop", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void slotNamesOutsidePostgresRulesShouldBeRejected(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationStreamConfig.validateSlotName(name));
	}

	@Test
	void publicationNamesShouldBeBoundedAndFreeOfZeroCharacters() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationStreamConfig.validatePublicationName("a\0b"));
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationStreamConfig.validatePublicationName("x".repeat(64)));
		assertThat(ReplicationStreamConfig.validatePublicationName("Any Name \u00e9")).isEqualTo("Any Name \u00e9");
	}

}
