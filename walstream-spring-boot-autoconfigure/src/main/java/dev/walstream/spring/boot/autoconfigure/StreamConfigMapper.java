package dev.walstream.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.walstream.stream.ReplicationStreamConfig;
import dev.walstream.stream.RetryConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Maps {@link WalstreamProperties} onto the core's configuration, failing on the first invalid
 * value with an exception that names the property, so that start-up reports it in the user's
 * terms.
 */
final class StreamConfigMapper {

	private StreamConfigMapper() {
	}

	static ReplicationStreamConfig streamConfig(WalstreamProperties properties) {
		WalstreamProperties.Slot slot = properties.getSlot();
		WalstreamProperties.Publication publication = properties.getPublication();
		String slotName = check("walstream.slot.name", slot.getName(),
				() -> ReplicationStreamConfig.validateSlotName(slot.getName()));
		List<String> publications = publication.getNames();
		require("walstream.publication.names", publications, !publications.isEmpty(),
				"at least one publication is needed");
		publications.forEach((name) -> check("walstream.publication.names", name,
				() -> ReplicationStreamConfig.validatePublicationName(name)));
		publication.getTables().forEach((table) -> require("walstream.publication.tables", table,
				!table.isBlank() && table.split("\\.", -1).length <= 2, "expected 'table' or 'schema.table'"));
		Integer protocolVersion = properties.getProtocolVersion();
		require("walstream.protocol-version", protocolVersion,
				protocolVersion == null || (protocolVersion >= 1 && protocolVersion <= 4), "expected 1 to 4");
		String origin = properties.getOrigin();
		require("walstream.origin", origin, origin == null || List.of("any", "none").contains(origin.toLowerCase(Locale.ROOT)),
				"expected 'any' or 'none'");
		long spillThreshold = properties.getSpill().getThreshold().toBytes();
		require("walstream.spill.threshold", properties.getSpill().getThreshold(), spillThreshold > 0,
				"must be positive");
		long maxMessageSize = properties.getMaxMessageSize().toBytes();
		require("walstream.max-message-size", properties.getMaxMessageSize(), maxMessageSize >= 64 * 1024,
				"must be at least 64KB");
		ReplicationStreamConfig.Builder builder = ReplicationStreamConfig.builder(slotName, publications.toArray(String[]::new))
			.protocolVersion(protocolVersion)
			.streaming(properties.getStreaming())
			.binary(properties.isBinary())
			.messages(properties.isMessages())
			.twoPhase(slot.isTwoPhase())
			.origin((origin != null) ? origin.toLowerCase(Locale.ROOT) : null)
			.feedbackInterval(positive("walstream.feedback-interval", properties.getFeedbackInterval()))
			.serverTimeout(positive("walstream.server-timeout", properties.getServerTimeout()))
			.healthCheckInterval(positive("walstream.health-check-interval", properties.getHealthCheckInterval()))
			.heartbeatInterval(notNegative("walstream.heartbeat.interval", properties.getHeartbeat().getInterval()))
			.retry(retryConfig(properties.getRetry()))
			.createSlot(slot.isCreate())
			.temporarySlot(slot.isTemporary())
			.failoverSlot(slot.isFailover())
			.createPublication(publication.isCreate())
			.publicationTables(publication.getTables())
			.spillThresholdBytes(spillThreshold)
			.maxMessageSize(maxMessageSize)
			.autoAcknowledge(false);
		if (properties.getSpill().getDirectory() != null) {
			builder.spillDirectory(properties.getSpill().getDirectory());
		}
		// what is left for the core to reject are streaming modes and two-phase decoding that the
		// configured protocol version does not support
		return check("walstream.protocol-version", protocolVersion, builder::build);
	}

	static RetryConfig retryConfig(WalstreamProperties.Retry retry) {
		require("walstream.retry.max-attempts", retry.getMaxAttempts(), retry.getMaxAttempts() >= 0,
				"cannot be negative (0 means no limit)");
		notNegative("walstream.retry.initial-delay", retry.getInitialDelay());
		require("walstream.retry.max-delay", retry.getMaxDelay(),
				retry.getMaxDelay().compareTo(retry.getInitialDelay()) >= 0,
				"cannot be shorter than walstream.retry.initial-delay");
		require("walstream.retry.multiplier", retry.getMultiplier(), retry.getMultiplier() >= 1.0
				&& Double.isFinite(retry.getMultiplier()), "must be at least 1");
		notNegative("walstream.retry.max-duration", retry.getMaxDuration());
		require("walstream.retry.jitter", retry.getJitter(), retry.getJitter() >= 0.0 && retry.getJitter() <= 1.0,
				"must be between 0 and 1");
		return new RetryConfig(retry.getMaxAttempts(), retry.getInitialDelay(), retry.getMaxDelay(),
				retry.getMultiplier(), retry.getMaxDuration(), retry.getJitter());
	}

	static BackOff listenerBackOff(WalstreamProperties.ListenerRetry retry) {
		require("walstream.listener.retry.max-retries", retry.getMaxRetries(), retry.getMaxRetries() >= 0,
				"cannot be negative");
		notNegative("walstream.listener.retry.delay", retry.getDelay());
		require("walstream.listener.retry.multiplier", retry.getMultiplier(),
				retry.getMultiplier() >= 1.0 && Double.isFinite(retry.getMultiplier()), "must be at least 1");
		require("walstream.listener.retry.max-delay", retry.getMaxDelay(),
				retry.getMaxDelay().compareTo(retry.getDelay()) >= 0,
				"cannot be shorter than walstream.listener.retry.delay");
		notNegative("walstream.listener.retry.jitter", retry.getJitter());
		ExponentialBackOff backOff = new ExponentialBackOff(retry.getDelay().toMillis(), retry.getMultiplier());
		backOff.setMaxInterval(retry.getMaxDelay().toMillis());
		backOff.setJitter(retry.getJitter().toMillis());
		backOff.setMaxAttempts(retry.getMaxRetries());
		return backOff;
	}

	static Duration positive(String property, Duration value) {
		require(property, value, !value.isNegative() && !value.isZero(), "must be positive");
		return value;
	}

	private static Duration notNegative(String property, Duration value) {
		require(property, value, !value.isNegative(), "cannot be negative");
		return value;
	}

	static void require(String property, @Nullable Object value, boolean valid, String reason) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(property, value, reason);
		}
	}

	/**
	 * Runs a core validation, reporting its failure against a property.
	 */
	static <T> T check(String property, @Nullable Object value, Supplier<T> validation) {
		try {
			return validation.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
