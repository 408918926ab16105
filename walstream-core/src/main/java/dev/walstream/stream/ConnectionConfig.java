package dev.walstream.stream;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * Where and how to connect to PostgreSQL: host, port, database, credentials and TLS. Built from a
 * libpq connection string ({@code host=… port=… dbname=… user=… password=… sslmode=…}), a
 * {@code jdbc:postgresql:} URL, or a {@link #builder()}.
 *
 * <p>The password never appears in {@link #toString()}, {@link #jdbcUrl()} or any message walstream
 * writes. When no {@code sslmode} is given, connections to this machine use {@code prefer} (as
 * pgjdbc does), and connections to any other host use {@code verify-full}: a replication role reads
 * every published row, so its traffic is not sent over an unverified channel unless the
 * configuration says so in as many words.
 *
 * @since 0.1.0
 */
public final class ConnectionConfig {

	private static final Set<String> LIBPQ_KEYS = Set.of("host", "port", "dbname", "user", "password", "sslmode",
			"sslrootcert", "sslcert", "sslkey", "application_name", "connect_timeout");

	private final String host;

	private final int port;

	private final String database;

	private final String user;

	private final @Nullable String password;

	private final @Nullable SslMode sslMode;

	private final @Nullable String sslRootCert;

	private final @Nullable String sslCert;

	private final @Nullable String sslKey;

	private final String applicationName;

	private final Duration connectTimeout;

	private final Map<String, String> driverProperties;

	private ConnectionConfig(Builder builder) {
		this.host = requireText(builder.host, "host");
		if (builder.port < 1 || builder.port > 65_535) {
			throw new IllegalArgumentException("Invalid port " + builder.port + ": expected 1 to 65535");
		}
		this.port = builder.port;
		this.database = requireText(builder.database, "database");
		this.user = requireText(builder.user, "user");
		this.password = builder.password;
		this.sslMode = builder.sslMode;
		this.sslRootCert = builder.sslRootCert;
		this.sslCert = builder.sslCert;
		this.sslKey = builder.sslKey;
		this.applicationName = builder.applicationName;
		if (builder.connectTimeout.isNegative()) {
			throw new IllegalArgumentException("The connect timeout cannot be negative");
		}
		this.connectTimeout = builder.connectTimeout;
		this.driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.driverProperties));
	}

	private static String requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("The connection's " + name + " is not set");
		}
		return value;
	}

	/**
	 * Starts a builder with defaults: {@code localhost:5432}, no database or user yet.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Parses a libpq key/value connection string, for example
	 * {@code host=db.example.com port=5432 dbname=shop user=cdc password='s3cr3t' sslmode=verify-full}.
	 * Values may be single-quoted, with {@code \'} and {@code \\} escapes. Supported keys: host,
	 * port, dbname, user, password, sslmode, sslrootcert, sslcert, sslkey, application_name,
	 * connect_timeout (seconds).
	 * @param connectionString the string
	 * @return the configuration
	 * @throws IllegalArgumentException if the string is malformed or names an unknown key (the
	 * message never repeats a password)
	 */
	public static ConnectionConfig fromLibpq(String connectionString) {
		Map<String, String> values = LibpqParser.parse(connectionString);
		for (String key : values.keySet()) {
			if (!LIBPQ_KEYS.contains(key)) {
				throw new IllegalArgumentException("Unknown connection parameter '" + key + "': expected one of "
						+ new java.util.TreeSet<>(LIBPQ_KEYS));
			}
		}
		Builder builder = builder();
		apply(values, builder);
		return builder.build();
	}

	private static void apply(Map<String, String> values, Builder builder) {
		values.forEach((key, value) -> {
			switch (key) {
				case "host" -> builder.host(value);
				case "port" -> builder.port(parsePort(value));
				case "dbname" -> builder.database(value);
				case "user" -> builder.user(value);
				case "password" -> builder.password(value);
				case "sslmode" -> builder.sslMode(SslMode.parse(value));
				case "sslrootcert" -> builder.sslRootCert(value);
				case "sslcert" -> builder.sslCert(value);
				case "sslkey" -> builder.sslKey(value);
				case "application_name", "ApplicationName" -> builder.applicationName(value);
				case "connect_timeout", "connectTimeout" -> builder.connectTimeout(Duration.ofSeconds(parseSeconds(value)));
				default -> builder.driverProperty(key, value);
			}
		});
	}

	private static int parsePort(String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Invalid port '" + value + "'");
		}
	}

	private static long parseSeconds(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Invalid connect timeout '" + value + "': expected whole seconds");
		}
	}

	/**
	 * Parses a pgjdbc URL such as
	 * {@code jdbc:postgresql://db.example.com:5432/shop?user=cdc&sslmode=verify-full}. Parameters other
	 * than the ones walstream models are passed on to pgjdbc as they are.
	 * @param url the URL
	 * @return the configuration
	 * @throws IllegalArgumentException if pgjdbc cannot parse the URL (the message never repeats it,
	 * as it may hold a password)
	 */
	public static ConnectionConfig fromJdbcUrl(String url) {
		return builder().jdbcUrl(url).build();
	}

	/**
	 * Returns a builder holding this configuration, to derive a changed copy.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.host = this.host;
		builder.port = this.port;
		builder.database = this.database;
		builder.user = this.user;
		builder.password = this.password;
		builder.sslMode = this.sslMode;
		builder.sslRootCert = this.sslRootCert;
		builder.sslCert = this.sslCert;
		builder.sslKey = this.sslKey;
		builder.applicationName = this.applicationName;
		builder.connectTimeout = this.connectTimeout;
		builder.driverProperties.putAll(this.driverProperties);
		return builder;
	}

	/**
	 * Returns the host name or address.
	 * @return the host
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Returns the TCP port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns the database name.
	 * @return the database
	 */
	public String database() {
		return this.database;
	}

	/**
	 * Returns the role to connect as.
	 * @return the user name
	 */
	public String user() {
		return this.user;
	}

	/**
	 * Whether a password is configured (the password itself is only handed to the driver).
	 * @return {@code true} if a password is set
	 */
	public boolean hasPassword() {
		return this.password != null;
	}

	/**
	 * Returns the TLS mode used: the configured one, or the default for the host.
	 * @return the mode
	 */
	public SslMode sslMode() {
		if (this.sslMode != null) {
			return this.sslMode;
		}
		return isLocalHost() ? SslMode.PREFER : SslMode.VERIFY_FULL;
	}

	/**
	 * Whether the host is this machine (a loopback name or address, or a Unix-domain socket).
	 * @return {@code true} for local connections
	 */
	public boolean isLocalHost() {
		String name = this.host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.startsWith("127.") || name.equals("::1") || name.equals("[::1]")
				|| name.startsWith("/");
	}

	/**
	 * Returns the application name shown in {@code pg_stat_activity} and {@code pg_stat_replication}.
	 * @return the application name
	 */
	public String applicationName() {
		return this.applicationName;
	}

	/**
	 * Returns how long to wait for a connection to be established.
	 * @return the timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Returns extra pgjdbc connection properties.
	 * @return the properties, unmodifiable
	 */
	public Map<String, String> driverProperties() {
		return this.driverProperties;
	}

	/**
	 * Returns a JDBC URL for the server and database, without credentials.
	 * @return for example {@code jdbc:postgresql://db.example.com:5432/shop}
	 */
	public String jdbcUrl() {
		String hostPart = (this.host.contains(":") && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
		return "jdbc:postgresql://" + hostPart + ":" + this.port + "/" + urlEncode(this.database);
	}

	private static String urlEncode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Returns the pgjdbc properties for a connection, password included: hand them to the driver
	 * and nowhere else.
	 * @param replication whether the connection is a logical replication connection
	 * ({@code replication=database}, simple query mode), or a normal one
	 * @return new properties
	 */
	public Properties driverPropertiesForConnection(boolean replication) {
		Properties properties = new Properties();
		properties.putAll(this.driverProperties);
		properties.setProperty("user", this.user);
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("sslmode", sslMode().value());
		putIfSet(properties, "sslrootcert", this.sslRootCert);
		putIfSet(properties, "sslcert", this.sslCert);
		putIfSet(properties, "sslkey", this.sslKey);
		properties.setProperty("ApplicationName", this.applicationName);
		String connectSeconds = Long.toString(Math.max(1, this.connectTimeout.toSeconds()));
		properties.setProperty("connectTimeout", connectSeconds);
		// connectTimeout bounds the TCP connect only: a server that accepts and never answers (a stopped
		// postmaster, whose backlog the kernel still fills) would hold a login forever
		properties.putIfAbsent("loginTimeout", connectSeconds);
		properties.setProperty("tcpKeepAlive", "true");
		if (replication) {
			properties.setProperty("replication", "database");
			properties.setProperty("preferQueryMode", "simple");
			properties.setProperty("assumeMinServerVersion", "10");
		}
		return properties;
	}

	private static void putIfSet(Properties properties, String name, @Nullable String value) {
		if (value != null) {
			properties.setProperty(name, value);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof ConnectionConfig that) && this.host.equals(that.host) && this.port == that.port
				&& this.database.equals(that.database) && this.user.equals(that.user)
				&& Objects.equals(this.password, that.password) && this.sslMode == that.sslMode
				&& Objects.equals(this.sslRootCert, that.sslRootCert) && Objects.equals(this.sslCert, that.sslCert)
				&& Objects.equals(this.sslKey, that.sslKey) && this.applicationName.equals(that.applicationName)
				&& this.connectTimeout.equals(that.connectTimeout) && this.driverProperties.equals(that.driverProperties);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.host, this.port, this.database, this.user, this.sslMode);
	}

	/**
	 * Describes the connection without its password, and without driver properties whose names
	 * suggest a secret.
	 */
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("ConnectionConfig[host=").append(this.host)
			.append(", port=")
			.append(this.port)
			.append(", database=")
			.append(this.database)
			.append(", user=")
			.append(this.user)
			.append(", password=")
			.append((this.password != null) ? "******" : "(none)")
			.append(", sslmode=")
			.append(sslMode().value());
		this.driverProperties.forEach((key, value) -> text.append(", ")
			.append(key)
			.append('=')
			.append(isSecretName(key) ? "******" : value));
		return text.append(']').toString();
	}

	static boolean isSecretName(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.contains("password") || lower.contains("secret") || lower.contains("token")
				|| lower.contains("credential");
	}

	/**
	 * Builds a {@link ConnectionConfig}.
	 */
	public static final class Builder {

		private @Nullable String host = "localhost";

		private int port = 5432;

		private @Nullable String database;

		private @Nullable String user;

		private @Nullable String password;

		private @Nullable SslMode sslMode;

		private @Nullable String sslRootCert;

		private @Nullable String sslCert;

		private @Nullable String sslKey;

		private String applicationName = "walstream";

		private Duration connectTimeout = Duration.ofSeconds(10);

		private final Map<String, String> driverProperties = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Takes the host, port, database and parameters of a pgjdbc URL such as
		 * {@code jdbc:postgresql://db.example.com:5432/shop?sslmode=verify-full}; the user and
		 * password may come from the URL or be set separately. Parameters walstream does not model are
		 * passed on to pgjdbc as they are.
		 * @param url the URL
		 * @return this builder
		 * @throws IllegalArgumentException if pgjdbc cannot parse the URL (the message never repeats
		 * it, as it may hold a password)
		 */
		public Builder jdbcUrl(String url) {
			Properties parsed = Driver.parseURL(url, new Properties());
			if (parsed == null) {
				throw new IllegalArgumentException("Not a valid jdbc:postgresql: URL");
			}
			Map<String, String> values = new LinkedHashMap<>();
			for (String name : parsed.stringPropertyNames()) {
				String value = parsed.getProperty(name);
				switch (name) {
					case "PGHOST" -> values.put("host", value);
					case "PGPORT" -> values.put("port", value.contains(",") ? value.substring(0, value.indexOf(',')) : value);
					case "PGDBNAME" -> values.put("dbname", value);
					default -> values.put(name, value);
				}
			}
			apply(values, this);
			return this;
		}

		/**
		 * Sets the host name or address.
		 * @param host the host
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/**
		 * Sets the TCP port.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Sets the database name.
		 * @param database the database
		 * @return this builder
		 */
		public Builder database(String database) {
			this.database = database;
			return this;
		}

		/**
		 * Sets the role to connect as.
		 * @param user the user name
		 * @return this builder
		 */
		public Builder user(String user) {
			this.user = user;
			return this;
		}

		/**
		 * Sets the password.
		 * @param password the password, or {@code null} for none
		 * @return this builder
		 */
		public Builder password(@Nullable String password) {
			this.password = password;
			return this;
		}

		/**
		 * Sets the TLS mode.
		 * @param sslMode the mode, or {@code null} for the host's default
		 * @return this builder
		 */
		public Builder sslMode(@Nullable SslMode sslMode) {
			this.sslMode = sslMode;
			return this;
		}

		/**
		 * Sets the file of trusted CA certificates.
		 * @param path the PEM file
		 * @return this builder
		 */
		public Builder sslRootCert(@Nullable String path) {
			this.sslRootCert = path;
			return this;
		}

		/**
		 * Sets the client certificate file.
		 * @param path the certificate file
		 * @return this builder
		 */
		public Builder sslCert(@Nullable String path) {
			this.sslCert = path;
			return this;
		}

		/**
		 * Sets the client key file.
		 * @param path the key file
		 * @return this builder
		 */
		public Builder sslKey(@Nullable String path) {
			this.sslKey = path;
			return this;
		}

		/**
		 * Sets the application name shown by the server.
		 * @param applicationName the name
		 * @return this builder
		 */
		public Builder applicationName(String applicationName) {
			this.applicationName = applicationName;
			return this;
		}

		/**
		 * Sets how long to wait for a connection: for the TCP connect, and again for the whole login
		 * (pgjdbc's {@code connectTimeout} and {@code loginTimeout}, unless given as driver properties).
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Adds a pgjdbc connection property, such as {@code socketFactory} or {@code options}.
		 * @param name the property's name
		 * @param value its value
		 * @return this builder
		 */
		public Builder driverProperty(String name, String value) {
			this.driverProperties.put(name, value);
			return this;
		}

		/**
		 * Builds the configuration.
		 * @return the configuration
		 * @throws IllegalArgumentException if the host, database or user is missing or a value is
		 * out of range
		 */
		public ConnectionConfig build() {
			return new ConnectionConfig(this);
		}

	}

}
