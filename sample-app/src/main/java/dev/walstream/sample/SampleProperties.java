package dev.walstream.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample itself, under {@code sample.*}.
 *
 * @param embeddedDatabase the PostgreSQL the sample starts when no database is configured
 * @param workload the generator of orders
 * @since 0.1.0
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue EmbeddedDatabase embeddedDatabase, @DefaultValue Workload workload) {

	/**
	 * The PostgreSQL the sample starts when neither {@code spring.datasource.url} nor
	 * {@code walstream.connection.url} or {@code host} is set.
	 *
	 * @param enabled whether a server is started when no database is configured
	 * @param port TCP port of the server on localhost, or 0 for a free one
	 */
	public record EmbeddedDatabase(@DefaultValue("true") boolean enabled, @DefaultValue("0") int port) {

	}

	/**
	 * The generator of orders. On by default only with the embedded database.
	 *
	 * @param enabled whether orders are placed, shipped and archived on a schedule
	 * @param interval time between two rounds of orders
	 */
	public record Workload(@DefaultValue("false") boolean enabled, @DefaultValue("1s") Duration interval) {

	}

}
