package dev.walstream.spring.listener;

import java.nio.file.Path;

import dev.walstream.error.AuthenticationException;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.ProtocolException;
import dev.walstream.error.ReplicationException;
import dev.walstream.error.SlotException;
import dev.walstream.error.SpillException;
import dev.walstream.error.TransientConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindTest {

	@Test
	void kindFollowsTheReplicationExceptionType() {
		assertThat(FailureKind.of(new AuthenticationException("x")).tag()).isEqualTo("authentication");
		assertThat(FailureKind.of(new SlotException("s", SlotException.Reason.ACTIVE_ELSEWHERE, "x", null)).tag())
			.isEqualTo("slot");
		assertThat(FailureKind.of(new ProtocolException("Insert", 3, "x")).tag()).isEqualTo("protocol");
		assertThat(FailureKind.of(new SpillException("x", Path.of("/tmp/a"), 7, null)).tag()).isEqualTo("spill");
		assertThat(FailureKind.of(new PermanentConnectionException("x")).tag()).isEqualTo("permanent-connection");
		assertThat(FailureKind.of(new TransientConnectionException("x")).tag()).isEqualTo("transient-connection");
		assertThat(FailureKind.of(new ReplicationException("x")).tag()).isEqualTo("replication");
		assertThat(FailureKind.of(new IllegalStateException("x")).tag()).isEqualTo("other");
	}

	@Test
	void safeMessageMasksPasswords() {
		assertThat(FailureKind.safeMessage(new IllegalStateException("host=db password='a b c' user=cdc")))
			.isEqualTo("host=db password=****** user=cdc");
		assertThat(FailureKind.safeMessage(new IllegalStateException("jdbc:postgresql://db/shop?user=cdc&password=x1&ssl=true")))
			.isEqualTo("jdbc:postgresql://db/shop?user=cdc&password=******&ssl=true");
		assertThat(FailureKind.safeMessage(new IllegalStateException("postgresql://cdc:secret@db:5432/shop")))
			.isEqualTo("postgresql://cdc:******@db:5432/shop");
		assertThat(FailureKind.safeMessage(new IllegalStateException("Password: hunter2")))
			.isEqualTo("Password: ******");
	}

	@Test
	void safeMessageIsShortAndNeverEmpty() {
		assertThat(FailureKind.safeMessage(new IllegalStateException("x".repeat(1000)))).hasSize(301);
		assertThat(FailureKind.safeMessage(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
	}

}
