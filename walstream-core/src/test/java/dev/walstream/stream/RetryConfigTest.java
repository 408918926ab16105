package dev.walstream.stream;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryConfigTest {

	private final RetryConfig config = new RetryConfig(5, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0,
			Duration.ofMinutes(1), 0.5);

	@Test
	void delayShouldGrowExponentiallyUpToTheCap() {
		assertThat(this.config.delayBefore(1, () -> 0.0)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.config.delayBefore(2, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.config.delayBefore(4, () -> 0.0)).isEqualTo(Duration.ofMillis(800));
		assertThat(this.config.delayBefore(5, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.config.delayBefore(50, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void jitterShouldRemoveUpToItsShareOfTheDelay() {
		assertThat(this.config.delayBefore(3, () -> 0.999)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
	}

	@Test
	void attemptsShouldBeBoundedByCountAndTime() {
		assertThat(this.config.allowsAttempt(5, Duration.ofSeconds(1))).isTrue();
		assertThat(this.config.allowsAttempt(6, Duration.ofSeconds(1))).isFalse();
		assertThat(this.config.allowsAttempt(1, Duration.ofMinutes(2))).isFalse();
		assertThat(RetryConfig.defaults().allowsAttempt(1_000_000, Duration.ofDays(1))).isTrue();
		assertThat(RetryConfig.none().allowsAttempt(2, Duration.ZERO)).isFalse();
	}

	@Test
	void invalidValuesShouldBeRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryConfig(0, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, Duration.ZERO, 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryConfig(0, Duration.ZERO, Duration.ZERO, 0.5, Duration.ZERO, 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryConfig(0, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO, 1.5));
	}

}
