package dev.walstream.spring.listener;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.walstream.error.AuthenticationException;
import dev.walstream.error.PermanentConnectionException;
import dev.walstream.error.ProtocolException;
import dev.walstream.error.ReplicationException;
import dev.walstream.error.SlotException;
import dev.walstream.error.SpillException;
import dev.walstream.error.TransientConnectionException;

/**
 * What kind of failure a runner met, for metrics, health and monitoring: a listener's, or one of
 * the replication errors of {@code dev.walstream.error}.
 *
 * @since 0.1.0
 */
public enum FailureKind {

	/** A listener threw, and the error handler did not skip it. */
	LISTENER,

	/** The server refused the credentials. */
	AUTHENTICATION,

	/** The slot is missing, invalid, or held by another consumer. */
	SLOT,

	/** The server sent what walstream cannot parse. */
	PROTOCOL,

	/** A large transaction could not be spilled to disk or read back. */
	SPILL,

	/** A connection failure that retrying cannot fix, such as a missing permission. */
	PERMANENT_CONNECTION,

	/** A connection failure that may pass, such as a restarting server. */
	TRANSIENT_CONNECTION,

	/** Any other replication failure. */
	REPLICATION,

	/** Anything else. */
	OTHER;

	private static final int MAX_MESSAGE_LENGTH = 300;

	/** {@code password=…} in a libpq string or a URL's query, and credentials before a URL's host. */
	private static final Pattern SECRETS = Pattern.compile("(?i)(password\\s*[=:]\\s*)('[^']*'|[^\\s&;,]+)|(//[^/@\\s]*:)[^/@\\s]*@");

	/**
	 * Returns the kind of a replication failure.
	 * @param failure the failure
	 * @return its kind; never {@link #LISTENER}, which only the runner knows
	 */
	public static FailureKind of(Throwable failure) {
		if (failure instanceof AuthenticationException) {
			return AUTHENTICATION;
		}
		if (failure instanceof SlotException) {
			return SLOT;
		}
		if (failure instanceof ProtocolException) {
			return PROTOCOL;
		}
		if (failure instanceof SpillException) {
			return SPILL;
		}
		if (failure instanceof PermanentConnectionException) {
			return PERMANENT_CONNECTION;
		}
		if (failure instanceof TransientConnectionException) {
			return TRANSIENT_CONNECTION;
		}
		return (failure instanceof ReplicationException) ? REPLICATION : OTHER;
	}

	/**
	 * Returns a failure's message to show to operators: anything that looks like a password
	 * masked, and at most 300 characters.
	 * @param failure the failure
	 * @return the message, or the failure's class name when it has none
	 */
	public static String safeMessage(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getName();
		}
		String masked = SECRETS.matcher(message).replaceAll((match) -> (match.group(1) != null)
				? Matcher.quoteReplacement(match.group(1)) + "******"
				: Matcher.quoteReplacement(match.group(3)) + "******@");
		return (masked.length() > MAX_MESSAGE_LENGTH) ? masked.substring(0, MAX_MESSAGE_LENGTH) + "…" : masked;
	}

	/**
	 * Returns the kind as a metric tag or a health detail: lower case, words joined by hyphens.
	 * @return for example {@code transient-connection}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
