package dev.walstream.stream;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;

import javax.net.ssl.SSLHandshakeException;

import dev.walstream.error.AuthenticationException;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.ReplicationException;
import dev.walstream.error.SlotException;
import dev.walstream.error.TransientConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

	private static ReplicationException classify(Throwable failure) {
		return ErrorClassifier.classify(failure, "slot", "Streaming");
	}

	@Test
	void authenticationFailuresShouldNotBeRetried() {
		ReplicationException error = classify(new SQLException("password authentication failed", "28P01"));
		assertThat(error).isInstanceOf(AuthenticationException.class);
		assertThat(error.isRetryable()).isFalse();
		assertThat(classify(new SQLException("must be superuser or replication role", "42501")))
			.isInstanceOf(AuthenticationException.class);
	}

	@Test
	void slotStatesShouldBeSlotExceptionsAndOnlyActiveElsewhereRetried() {
		ReplicationException active = classify(
				new SQLException("replication slot \"slot\" is active for PID 42", "55006"));
		assertThat(active).isInstanceOfSatisfying(SlotException.class,
				(slot) -> assertThat(slot.getReason()).isEqualTo(SlotException.Reason.ACTIVE_ELSEWHERE));
		assertThat(active.isRetryable()).isTrue();
		ReplicationException missing = classify(new SQLException("replication slot \"slot\" does not exist", "42704"));
		assertThat(missing).isInstanceOfSatisfying(SlotException.class,
				(slot) -> assertThat(slot.getReason()).isEqualTo(SlotException.Reason.NOT_FOUND));
		assertThat(missing.isRetryable()).isFalse();
		ReplicationException lost = classify(new SQLException(
				"can no longer get changes from replication slot \"slot\"", "55000"));
		assertThat(lost).isInstanceOfSatisfying(SlotException.class,
				(slot) -> assertThat(slot.getReason()).isEqualTo(SlotException.Reason.INVALIDATED));
	}

	@Test
	void synchronizedSlotOnStandbyShouldBeRetriedUntilPromotion() {
		assertThat(classify(new SQLException("cannot use replication slot \"slot\" for logical decoding", "55000")))
			.isInstanceOf(TransientConnectionException.class);
		assertThat(classify(new SQLException("cannot use physical replication slot for logical decoding", "55000")))
			.isInstanceOf(PermanentConnectionException.class);
	}

	@Test
	void droppedConnectionsAndShutdownsShouldBeRetried() {
		assertThat(classify(new SQLException("terminating connection due to administrator command", "57P01")))
			.isInstanceOf(TransientConnectionException.class);
		assertThat(classify(new SQLException("the database system is starting up", "57P03")))
			.isInstanceOf(TransientConnectionException.class);
		assertThat(classify(new SQLException("Database connection failed", "08006", new EOFException())))
			.isInstanceOf(TransientConnectionException.class);
		assertThat(classify(new SQLException("attempt failed", "08001", new ConnectException("refused"))))
			.isInstanceOf(TransientConnectionException.class);
	}

	@Test
	void configurationProblemsShouldNotBeRetried() {
		assertThat(classify(new SQLException("database \"nope\" does not exist", "3D000")))
			.isInstanceOf(PermanentConnectionException.class);
		assertThat(classify(new SQLException("publication \"p\" does not exist", "42704")))
			.isInstanceOf(PermanentConnectionException.class);
		assertThat(classify(new SQLException("SSL error", "08006", new SSLHandshakeException("bad certificate"))))
			.isInstanceOf(PermanentConnectionException.class);
		assertThat(classify(new SQLException(
				"The hostname 127.0.0.1 could not be verified by hostnameverifier PgjdbcHostnameVerifier.", "08006")))
			.isInstanceOf(PermanentConnectionException.class);
	}

}
