package dev.walstream.spring.boot.autoconfigure;

import java.util.Objects;

import dev.walstream.stream.ConnectionConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * {@link WalstreamConnectionDetails} from {@code walstream.connection.*}, with the application's JDBC
 * connection filling in what is unset: the URL when neither a URL nor a host or database is set,
 * the user name when none is set, and the password when the user is the JDBC connection's.
 *
 * @since 0.1.0
 */
public class PropertiesWalstreamConnectionDetails implements WalstreamConnectionDetails {

	private final WalstreamProperties.Connection properties;

	private final JdbcFallback fallback;

	PropertiesWalstreamConnectionDetails(WalstreamProperties.Connection properties, JdbcFallback fallback) {
		this.properties = properties;
		this.fallback = fallback;
	}

	@Override
	public ConnectionConfig getConnectionConfig() {
		String username = this.properties.getUsername();
		String password = this.properties.getPassword();
		if (username == null && this.fallback.username() != null) {
			username = this.fallback.username();
		}
		if (password == null && username != null && Objects.equals(username, this.fallback.username())) {
			password = this.fallback.password();
		}
		ConnectionConfig.Builder builder = location(username);
		if (username != null) {
			builder.user(username);
		}
		if (password != null) {
			builder.password(password);
		}
		if (this.properties.getSslMode() != null) {
			builder.sslMode(this.properties.getSslMode());
		}
		if (this.properties.getSslRootCert() != null) {
			builder.sslRootCert(this.properties.getSslRootCert());
		}
		if (this.properties.getSslCert() != null) {
			builder.sslCert(this.properties.getSslCert());
		}
		if (this.properties.getSslKey() != null) {
			builder.sslKey(this.properties.getSslKey());
		}
		builder.applicationName(this.properties.getApplicationName());
		builder.connectTimeout(StreamConfigMapper.positive("walstream.connection.connect-timeout",
				this.properties.getConnectTimeout()));
		return StreamConfigMapper.check("walstream.connection.username", username, builder::build);
	}

	private ConnectionConfig.Builder location(@Nullable String username) {
		String url = this.properties.getUrl();
		if (StringUtils.hasText(url)) {
			return fromUrl("walstream.connection.url", url, username);
		}
		if (this.properties.getHost() != null || this.properties.getDatabase() != null) {
			ConnectionConfig.Builder builder = ConnectionConfig.builder();
			if (this.properties.getHost() != null) {
				builder.host(this.properties.getHost());
			}
			if (this.properties.getPort() != null) {
				builder.port(this.properties.getPort());
			}
			StreamConfigMapper.require("walstream.connection.database", null, this.properties.getDatabase() != null,
					"set the database along with the host");
			return builder.database(this.properties.getDatabase());
		}
		if (this.fallback.url() != null) {
			return fromUrl("spring.datasource.url", this.fallback.url(), username);
		}
		throw new InvalidConfigurationPropertyValueException("walstream.connection.url", null,
				"no connection is configured: set walstream.connection.url (or host and database), or "
						+ "spring.datasource.url");
	}

	/**
	 * Parses a URL; a user configured apart from the URL, as Spring applications usually do, takes
	 * precedence over one in the URL.
	 */
	private static ConnectionConfig.Builder fromUrl(String property, String url, @Nullable String username) {
		return StreamConfigMapper.check(property, "(not shown: it may hold a password)", () -> {
			ConnectionConfig.Builder builder = ConnectionConfig.builder().jdbcUrl(url);
			return (username != null) ? builder.user(username) : builder;
		});
	}

}
