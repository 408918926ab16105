package dev.walstream.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How a stream reconnects after a transient failure: exponential back-off from
 * {@code initialDelay}, multiplied by {@code multiplier} after each attempt and capped at
 * {@code maxDelay}, with up to {@code jitter} of each delay randomised away (so that many consumers
 * do not reconnect in lock-step), bounded by a number of attempts and a total duration.
 *
 * @param maxAttempts the most reconnection attempts in a row, or 0 for no limit
 * @param initialDelay the delay before the first attempt
 * @param maxDelay the longest delay between attempts
 * @param multiplier the factor applied to the delay after each attempt, at least 1
 * @param maxDuration the longest time to keep trying since the failure, or {@link Duration#ZERO}
 * for no limit
 * @param jitter the fraction (0 to 1) of each delay that is random
 * @since 0.1.0
 */
public record RetryConfig(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier,
		Duration maxDuration, double jitter) {

	/**
	 * Validates the values.
	 */
	public RetryConfig {
		Objects.requireNonNull(initialDelay, "initialDelay");
		Objects.requireNonNull(maxDelay, "maxDelay");
		Objects.requireNonNull(maxDuration, "maxDuration");
		if (maxAttempts < 0) {
			throw new IllegalArgumentException("maxAttempts cannot be negative (0 means no limit)");
		}
		if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
			throw new IllegalArgumentException("Expected 0 <= initialDelay <= maxDelay, got " + initialDelay + " and "
					+ maxDelay);
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
		}
		if (maxDuration.isNegative()) {
			throw new IllegalArgumentException("maxDuration cannot be negative (0 means no limit)");
		}
		if (!(jitter >= 0.0 && jitter <= 1.0)) {
			throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
		}
	}

	/**
	 * The defaults: no limit on attempts or time (a CDC consumer waits out a database outage), 500 ms
	 * doubling to at most 30 s, 20 % jitter.
	 * @return the default configuration
	 */
	public static RetryConfig defaults() {
		return new RetryConfig(0, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, Duration.ZERO, 0.2);
	}

	/**
	 * No retries: the first failure ends the stream.
	 * @return a configuration that never retries
	 */
	public static RetryConfig none() {
		return new RetryConfig(1, Duration.ZERO, Duration.ZERO, 1.0, Duration.ZERO, 0.0);
	}

	/**
	 * Returns the delay before an attempt.
	 * @param attempt the attempt, from 1
	 * @param random a source of uniform numbers in [0, 1), for the jitter
	 * @return the delay
	 */
	public Duration delayBefore(int attempt, DoubleSupplier random) {
		double millis = this.initialDelay.toMillis() * Math.pow(this.multiplier, Math.max(0, attempt - 1));
		millis = Math.min(millis, this.maxDelay.toMillis());
		millis -= millis * this.jitter * random.getAsDouble();
		return Duration.ofMillis(Math.round(millis));
	}

	/**
	 * Whether another attempt is allowed.
	 * @param attempt the attempt about to be made, from 1
	 * @param elapsed the time since the failure
	 * @return {@code true} if within both limits
	 */
	public boolean allowsAttempt(int attempt, Duration elapsed) {
		boolean attemptsLeft = this.maxAttempts == 0 || attempt <= this.maxAttempts;
		boolean timeLeft = this.maxDuration.isZero() || elapsed.compareTo(this.maxDuration) < 0;
		return attemptsLeft && timeLeft;
	}

}
