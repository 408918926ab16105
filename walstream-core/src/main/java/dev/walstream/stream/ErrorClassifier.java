package dev.walstream.stream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import dev.walstream.error.AuthenticationException;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.ProtocolException;
import dev.walstream.error.ReplicationException;
import dev.walstream.error.SlotException;
import dev.walstream.error.TransientConnectionException;
import dev.walstream.wire.OversizedMessageException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;

/**
 * Sorts failures into walstream's exception kinds by SQLSTATE and cause, so that only transient
 * conditions are retried: a wrong password or a missing slot must fail at once, a terminated
 * walsender or a restarting server must be waited out.
 */
final class ErrorClassifier {

	private ErrorClassifier() {
	}

	static ReplicationException classify(Throwable failure, String slotName, String action) {
		if (failure instanceof ReplicationException replication) {
			return replication;
		}
		OversizedMessageException oversized = oversizedMessage(failure);
		if (oversized != null) {
			// the same bytes would come again on the next connection
			return new ProtocolException(oversized.getMessageTypeName(), 1, "announces a length of "
					+ oversized.getAnnouncedLength() + " bytes (limit " + oversized.getLimit() + "), at byte "
					+ oversized.getConnectionOffset() + " of the connection; " + action + " failed", failure);
		}
		String detail = describe(failure);
		String message = action + " failed: " + detail;
		if (isTlsFailure(failure)) {
			// pgjdbc reports these as connection failures (08006), but a certificate or host name
			// that does not verify will not verify on the next attempt either
			return new PermanentConnectionException(message + " (TLS: check sslmode, sslrootcert and the server's "
					+ "certificate and host name)", failure);
		}
		if (failure instanceof SQLException sql && sql.getSQLState() != null) {
			ReplicationException bySqlState = bySqlState(sql.getSQLState(), detail, message, slotName, failure);
			if (bySqlState != null) {
				return bySqlState;
			}
		}
		Throwable cause = rootCause(failure);
		if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
				|| cause instanceof UnknownHostException || cause instanceof SocketTimeoutException
				|| cause instanceof SocketException || cause instanceof IOException) {
			return new TransientConnectionException(message, failure);
		}
		return new PermanentConnectionException(message, failure);
	}

	private static ReplicationException bySqlState(String sqlState, String detail, String message, String slotName,
			Throwable failure) {
		String lower = detail.toLowerCase(Locale.ROOT);
		switch (sqlState) {
			case "28P01", "28000" -> {
				return new AuthenticationException(message + " (check the user name, the password and pg_hba.conf)",
						failure);
			}
			case "42501" -> {
				return new AuthenticationException(message + " (the role needs the REPLICATION attribute, LOGIN, and "
						+ "SELECT on the published tables)", failure);
			}
			case "55006" -> {
				if (lower.contains("replication slot")) {
					return new SlotException(slotName, SlotException.Reason.ACTIVE_ELSEWHERE,
							message + " (another consumer streams from this slot; waiting for it to let go)", failure);
				}
				return new TransientConnectionException(message, failure);
			}
			case "42704" -> {
				if (lower.contains("replication slot")) {
					// initialize() reports a missing slot itself: here it vanished between checking and streaming
					return new SlotException(slotName, SlotException.Reason.NOT_FOUND, message + " (the slot was dropped: "
							+ "changes made since the last acknowledged position may be lost to this consumer. Re-create "
							+ "the slot deliberately and resynchronise)", failure);
				}
				return new PermanentConnectionException(message, failure);
			}
			case "55000" -> {
				if (lower.contains("invalidated") || lower.contains("can no longer get changes")) {
					return new SlotException(slotName, SlotException.Reason.INVALIDATED, message
							+ " (the server removed WAL this slot needed: changes were lost. Re-create the slot "
							+ "deliberately and resynchronise)", failure);
				}
				if (lower.contains("cannot use replication slot \"")) {
					// PostgreSQL 17+ on a standby that synchronizes this failover slot: an address that moved
					// to the standby before its promotion, which makes the slot usable
					return new TransientConnectionException(message + " (the server is a standby that synchronizes "
							+ "this failover slot; retrying until it is promoted)", failure);
				}
				return new PermanentConnectionException(message, failure);
			}
			case "3D000", "42P01", "0A000", "22023", "42601", "42710" -> {
				return new PermanentConnectionException(message, failure);
			}
			case "53300", "57P01", "57P02", "57P03", "40001", "40P01", "53100", "53200" -> {
				return new TransientConnectionException(message, failure);
			}
			default -> {
				if (sqlState.startsWith("08")) {
					return new TransientConnectionException(message, failure);
				}
				return null;
			}
		}
	}

	private static @Nullable OversizedMessageException oversizedMessage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof OversizedMessageException oversized) {
				return oversized;
			}
		}
		return null;
	}

	private static boolean isTlsFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SSLException || cause instanceof GeneralSecurityException
					|| String.valueOf(cause.getMessage()).contains("could not be verified by hostnameverifier")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Describes a failure by its server message and SQLSTATE, never by anything that may hold the
	 * connection's properties.
	 */
	static String describe(Throwable failure) {
		if (failure instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
			return psql.getServerErrorMessage().getMessage() + " [SQLSTATE " + psql.getSQLState() + "]";
		}
		if (failure instanceof SQLException sql) {
			Throwable cause = rootCause(sql);
			String causeText = (cause != sql) ? " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")"
					: "";
			return sql.getMessage() + ((sql.getSQLState() != null) ? " [SQLSTATE " + sql.getSQLState() + "]" : "")
					+ causeText;
		}
		if (failure instanceof ProtocolException) {
			return failure.getMessage();
		}
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
