package dev.walstream.stream;

import dev.walstream.wire.LengthCheckingSocketFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stream's limit on message length: above the server's own by default, never so small that the
 * login or a catalog row could not pass, kept by {@code toBuilder()}.
 */
class MaxMessageSizeTest {

	@Test
	void defaultShouldBeJustAboveTheLongestMessageAServerSends() {
		long serverLongest = (1L << 30) - 2 + 4;

		long limit = ReplicationStreamConfig.builder("slot", "pub").build().maxMessageSize();

		assertThat(limit).isEqualTo(LengthCheckingSocketFactory.DEFAULT_MAX_MESSAGE_SIZE).isGreaterThan(serverLongest);
	}

	@Test
	void limitBelow64KibShouldBeRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReplicationStreamConfig.builder("slot", "pub").maxMessageSize(64 * 1024 - 1).build())
			.withMessageContaining("at least 65536 bytes");
	}

	@Test
	void toBuilderShouldKeepTheLimit() {
		ReplicationStreamConfig config = ReplicationStreamConfig.builder("slot", "pub").maxMessageSize(1 << 20).build();

		assertThat(config.toBuilder().build().maxMessageSize()).isEqualTo(1 << 20);
	}

}
