package dev.walstream.spring.boot.autoconfigure.metrics;

import dev.walstream.spring.boot.autoconfigure.WalstreamAutoConfiguration;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.metrics.WalstreamMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code walstream.*} meters of every {@link ReplicationRunner}, when Micrometer is present. Boot
 * binds the {@link MeterBinder} to the application's meter registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WalstreamAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterBinder.class, ReplicationRunner.class })
@ConditionalOnBean(ReplicationRunner.class)
public final class WalstreamMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WalstreamMetrics walstreamMetrics(ObjectProvider<ReplicationRunner> runners) {
		return new WalstreamMetrics(runners.orderedStream().toList());
	}

}
