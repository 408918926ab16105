package dev.walstream.testing;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL major version the tests run on.
 *
 * <p>
 * Use it to run one test on every version:
 *
 * <pre class="code">
 * &#064;ParameterizedTest
 * &#064;EnumSource(PgVersion.class)
 * void decodesInserts(PgVersion version, PostgresServers servers) {
 *     PostgresServer server = servers.get(version);
 *     ...
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public enum PgVersion {

	/** PostgreSQL 14, the oldest supported version: pgoutput protocol versions 1 and 2. */
	PG14(14),

	/** PostgreSQL 15: pgoutput protocol version 3 (two-phase commit). */
	PG15(15),

	/** PostgreSQL 16: pgoutput protocol version 4 (parallel streaming). */
	PG16(16),

	/** PostgreSQL 17, the default. */
	PG17(17),

	/** PostgreSQL 18, the newest supported version. */
	PG18(18);

	/**
	 * System property that changes the {@linkplain #defaultVersion() default version}, for example
	 * {@code -Dwalstream.pg.version=14} runs every single-version test on PostgreSQL 14.
	 */
	public static final String DEFAULT_VERSION_PROPERTY = "walstream.pg.version";

	private final int major;

	PgVersion(int major) {
		this.major = major;
	}

	/**
	 * Return the major version number, such as {@code 17}.
	 * @return the major version
	 */
	public int major() {
		return this.major;
	}

	/**
	 * Return the version for a major version number.
	 * @param major the major version, such as {@code 17}
	 * @return the version
	 * @throws IllegalArgumentException if the version is not supported
	 */
	public static PgVersion of(int major) {
		for (PgVersion version : values()) {
			if (version.major == major) {
				return version;
			}
		}
		throw new IllegalArgumentException("PostgreSQL " + major + " is not supported; supported major versions: "
				+ Arrays.stream(values()).map(v -> String.valueOf(v.major)).collect(Collectors.joining(", ")));
	}

	/**
	 * Return the version single-version tests run on: PostgreSQL 17, unless the
	 * {@value #DEFAULT_VERSION_PROPERTY} system property names another major version.
	 * @return the default version
	 */
	public static PgVersion defaultVersion() {
		return defaultVersion(System.getProperty(DEFAULT_VERSION_PROPERTY));
	}

	static PgVersion defaultVersion(@Nullable String property) {
		if (property == null || property.isBlank()) {
			return PG17;
		}
		try {
			return of(Integer.parseInt(property.trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					DEFAULT_VERSION_PROPERTY + " must be a major version number such as 17, not '" + property + "'", ex);
		}
	}

}
