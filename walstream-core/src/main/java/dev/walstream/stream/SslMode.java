package dev.walstream.stream;

import java.util.Locale;

/**
 * How the connection uses TLS, with libpq's and pgjdbc's meanings.
 *
 * @since 0.1.0
 */
public enum SslMode {

	/** Plain connection only. */
	DISABLE,

	/** Plain first, TLS if the server insists. */
	ALLOW,

	/** TLS if the server offers it, without checking its certificate; silently plain otherwise. */
	PREFER,

	/** TLS, without checking the server's certificate. */
	REQUIRE,

	/** TLS, with the server's certificate checked against the trusted CA. */
	VERIFY_CA,

	/** TLS, with the certificate checked against the CA and the host name. */
	VERIFY_FULL;

	/**
	 * Returns the mode's name as libpq and pgjdbc spell it.
	 * @return for example {@code verify-full}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Whether the server's certificate is checked, so that the connection cannot be intercepted.
	 * @return {@code true} for {@link #VERIFY_CA} and {@link #VERIFY_FULL}
	 */
	public boolean verifiesServer() {
		return this == VERIFY_CA || this == VERIFY_FULL;
	}

	/**
	 * Parses a mode as libpq spells it.
	 * @param value for example {@code verify-full}
	 * @return the mode
	 * @throws IllegalArgumentException for an unknown mode
	 */
	public static SslMode parse(String value) {
		for (SslMode mode : values()) {
			if (mode.value().equalsIgnoreCase(value.trim())) {
				return mode;
			}
		}
		throw new IllegalArgumentException("Unknown sslmode '" + value
				+ "': expected disable, allow, prefer, require, verify-ca or verify-full");
	}

}
