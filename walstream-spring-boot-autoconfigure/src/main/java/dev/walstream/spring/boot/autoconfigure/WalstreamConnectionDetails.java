package dev.walstream.spring.boot.autoconfigure;

import dev.walstream.stream.ConnectionConfig;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where walstream connects to stream changes. By default built from {@code walstream.connection.*},
 * falling back to the application's JDBC connection; a {@code @ServiceConnection} PostgreSQL
 * container or a bean of this type takes its place.
 *
 * @since 0.1.0
 */
public interface WalstreamConnectionDetails extends ConnectionDetails {

	/**
	 * Returns the connection's configuration, password included.
	 * @return the configuration
	 */
	ConnectionConfig getConnectionConfig();

}
