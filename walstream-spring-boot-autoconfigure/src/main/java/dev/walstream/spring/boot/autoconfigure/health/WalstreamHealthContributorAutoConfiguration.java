package dev.walstream.spring.boot.autoconfigure.health;

import java.time.Duration;

import dev.walstream.spring.boot.autoconfigure.WalstreamAutoConfiguration;
import dev.walstream.spring.boot.autoconfigure.WalstreamProperties;
import dev.walstream.spring.boot.health.WalstreamHealthIndicator;
import dev.walstream.spring.listener.ReplicationRunner;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code walstream} health indicator: one {@link WalstreamHealthIndicator} for the
 * {@link ReplicationRunner}, or one per runner when there are several, with the lag thresholds of
 * {@code walstream.health.*}. {@code management.health.walstream.enabled=false} turns it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WalstreamAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, ReplicationRunner.class })
@ConditionalOnBean(ReplicationRunner.class)
@ConditionalOnEnabledHealthIndicator("walstream")
public final class WalstreamHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<WalstreamHealthIndicator, ReplicationRunner> {

	WalstreamHealthContributorAutoConfiguration(ObjectProvider<WalstreamProperties> properties) {
		super((runner) -> indicator(runner, properties.getIfAvailable()));
	}

	private static WalstreamHealthIndicator indicator(ReplicationRunner runner,
			@Nullable WalstreamProperties properties) {
		if (properties == null) {
			return new WalstreamHealthIndicator(runner);
		}
		Duration maxLag = properties.getHealth().getMaxLag();
		DataSize maxLagSize = properties.getHealth().getMaxLagSize();
		return new WalstreamHealthIndicator(runner, maxLag, (maxLagSize != null) ? maxLagSize.toBytes() : null);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "walstreamHealthIndicator", "walstreamHealthContributor" })
	HealthContributor walstreamHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, ReplicationRunner.class);
	}

}
