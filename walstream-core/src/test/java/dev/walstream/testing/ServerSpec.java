package dev.walstream.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a server is started with: its version, the {@code postgresql.conf} settings a test adds to the
 * {@linkplain #BASELINE baseline}, and the {@code pg_hba.conf} rules it puts before the default ones.
 * Servers with equal specs are interchangeable, so the extension shares one per spec.
 *
 * @param version the major version
 * @param settings the test's settings by lower-case name, sorted so that equal specs are equal
 * @param hbaRules the test's {@code pg_hba.conf} lines, in order
 */
record ServerSpec(PgVersion version, SortedMap<String, String> settings, List<String> hbaRules) {

	/**
	 * The settings of every server: logical replication with room for many slots and walsenders,
	 * prepared transactions for two-phase tests, and no fsync.
	 */
	static final Map<String, String> BASELINE = baseline();

	/**
	 * Settings a test cannot change: the port is chosen free at start, and zonky always starts the
	 * first postmaster with {@code -F}, which would override any {@code fsync} in the configuration.
	 */
	private static final Set<String> RESERVED = Set.of("port", "fsync");

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

	ServerSpec {
		settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
		hbaRules = List.copyOf(hbaRules);
	}

	/**
	 * Create a spec from {@code name=value} settings and {@code pg_hba.conf} lines.
	 * @param version the major version
	 * @param settings settings such as {@code logical_decoding_work_mem=64kB}
	 * @param hbaRules lines such as {@code host all alice 127.0.0.1/32 scram-sha-256}
	 * @return the spec
	 * @throws IllegalArgumentException if a setting is malformed or {@linkplain #RESERVED reserved}
	 */
	static ServerSpec of(PgVersion version, Collection<String> settings, Collection<String> hbaRules) {
		SortedMap<String, String> parsed = new TreeMap<>();
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException("Setting '" + setting + "' is not of the form name=value");
			}
			String name = setting.substring(0, equals).trim().toLowerCase(Locale.ROOT);
			String value = setting.substring(equals + 1).trim();
			checkName(name);
			String previous = parsed.put(name, value);
			if (previous != null && !previous.equals(value)) {
				throw new IllegalArgumentException("Setting '" + name + "' given twice: '" + previous + "' and '" + value + "'");
			}
		}
		List<String> rules = new ArrayList<>();
		for (String rule : hbaRules) {
			if (rule.isBlank() || rule.contains("\n")) {
				throw new IllegalArgumentException("pg_hba.conf rule must be a single non-blank line: '" + rule + "'");
			}
			rules.add(rule.trim());
		}
		return new ServerSpec(version, parsed, rules);
	}

	/**
	 * Return this spec with another version.
	 * @param version the version
	 * @return a spec with the same settings and rules
	 */
	ServerSpec withVersion(PgVersion version) {
		return new ServerSpec(version, this.settings, this.hbaRules);
	}

	/**
	 * Return the settings a server with this spec runs with: the baseline, then the test's settings.
	 * @param port the port the server listens on
	 * @return the settings, in the order they are written to {@code postgresql.conf}
	 */
	Map<String, String> effectiveSettings(int port) {
		Map<String, String> effective = new LinkedHashMap<>(BASELINE);
		effective.put("port", String.valueOf(port));
		effective.putAll(this.settings);
		return effective;
	}

	/**
	 * Render settings as {@code postgresql.conf} lines. Every value is quoted, which the configuration
	 * parser accepts for numbers, booleans and enums as well as strings.
	 * @param settings the settings
	 * @return the lines
	 */
	static String toConfigurationLines(Map<String, String> settings) {
		StringBuilder lines = new StringBuilder();
		settings.forEach((name, value) -> lines.append(name)
			.append(" = '")
			.append(value.replace("\\", "\\\\").replace("'", "''"))
			.append("'\n"));
		return lines.toString();
	}

	private static void checkName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not a PostgreSQL setting name");
		}
		if (RESERVED.contains(name)) {
			throw new IllegalArgumentException("Setting '" + name + "' is managed by PostgresServer and cannot be changed");
		}
	}

	private static Map<String, String> baseline() {
		Map<String, String> baseline = new LinkedHashMap<>();
		baseline.put("listen_addresses", "localhost");
		baseline.put("max_connections", "300");
		baseline.put("wal_level", "logical");
		baseline.put("max_replication_slots", "20");
		baseline.put("max_wal_senders", "20");
		baseline.put("max_prepared_transactions", "10");
		// tests never survive an operating-system crash, so durability only costs time
		baseline.put("fsync", "off");
		baseline.put("full_page_writes", "off");
		// not off: logical decoding stops at the flushed WAL, so an asynchronous commit reaches a slot only
		// when the WAL writer flushes it, up to 600 ms later; with fsync off a flush is merely a write
		baseline.put("synchronous_commit", "on");
		baseline.put("timezone", "UTC");
		baseline.put("log_timezone", "UTC");
		return Collections.unmodifiableMap(baseline);
	}

}
