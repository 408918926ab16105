package dev.walstream.spring.boot.autoconfigure;

import java.time.Duration;

import dev.walstream.spring.boot.actuate.endpoint.WalstreamEndpoint;
import dev.walstream.spring.boot.autoconfigure.health.WalstreamHealthContributorAutoConfiguration;
import dev.walstream.spring.boot.autoconfigure.metrics.WalstreamMetricsAutoConfiguration;
import dev.walstream.spring.boot.health.WalstreamHealthIndicator;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.metrics.WalstreamMetrics;
import dev.walstream.stream.ReplicationStreamConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of the metrics, health and endpoint auto-configurations, listener observation and
 * heartbeats.
 */
class WalstreamObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WalstreamAutoConfiguration.class,
				WalstreamMetricsAutoConfiguration.class, WalstreamHealthContributorAutoConfiguration.class,
				WalstreamEndpointAutoConfiguration.class))
		.withPropertyValues("walstream.slot.name=orders_slot", "walstream.publication.names=orders_pub",
				"walstream.connection.url=jdbc:postgresql://db.example.com:5433/shop", "walstream.connection.username=cdc",
				"walstream.auto-startup=false");

	private final ApplicationContextRunner withMeterRegistry = this.contextRunner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void metersAreBoundToTheApplicationsRegistry() {
		this.withMeterRegistry.run((context) -> {
			assertThat(context).hasSingleBean(WalstreamMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("walstream.lag").tag("slot", "orders_slot").timeGauge()).isNotNull();
			assertThat(registry.get("walstream.runner.state").tag("state", "stopped").gauge().value()).isOne();
		});
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(ReplicationRunner.class)
				.doesNotHaveBean(WalstreamMetrics.class));
	}

	@Test
	void metricsBackOffWithoutRunner() {
		this.withMeterRegistry.withPropertyValues("walstream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WalstreamMetrics.class));
	}

	@Test
	void userMetricsReplaceDefault() {
		this.withMeterRegistry.withUserConfiguration(UserMetrics.class)
			.run((context) -> assertThat(context).getBean(WalstreamMetrics.class).isSameAs(UserMetrics.METRICS));
	}

	@Test
	void healthIndicatorIsNamedWalstream() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("walstreamHealthContributor");
			HealthContributor contributor = context.getBean("walstreamHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(WalstreamHealthIndicator.class);
			Health health = ((HealthIndicator) contributor).health();
			// not started
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("slot", "orders_slot");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.walstream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("walstreamHealthContributor"));
	}

	@Test
	void healthIndicatorBacksOffWithoutBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).hasSingleBean(ReplicationRunner.class)
				.doesNotHaveBean("walstreamHealthContributor"));
	}

	@Test
	void healthIndicatorBacksOffWithoutRunner() {
		this.contextRunner.withPropertyValues("walstream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("walstreamHealthContributor"));
	}

	@Test
	void userHealthIndicatorReplacesDefault() {
		this.contextRunner.withUserConfiguration(UserHealth.class)
			.run((context) -> assertThat(context).doesNotHaveBean("walstreamHealthContributor")
				.hasBean("walstreamHealthIndicator"));
	}

	@Test
	void healthThresholdsAreBound() {
		this.contextRunner.withPropertyValues("walstream.health.max-lag=2m", "walstream.health.max-lag-size=64MB")
			.run((context) -> {
				WalstreamProperties.Health health = context.getBean(WalstreamProperties.class).getHealth();
				assertThat(health.getMaxLag()).isEqualTo(Duration.ofMinutes(2));
				assertThat(health.getMaxLagSize().toMegabytes()).isEqualTo(64);
			});
	}

	@Test
	void endpointIsCreatedWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=walstream")
			.run((context) -> assertThat(context).hasSingleBean(WalstreamEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WalstreamEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=walstream",
					"management.endpoint.walstream.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WalstreamEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=walstream")
			.run((context) -> assertThat(context).hasSingleBean(ReplicationRunner.class)
				.doesNotHaveBean(WalstreamEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutRunner() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=walstream", "walstream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WalstreamEndpoint.class));
	}

	@Test
	void listenerObservationIsOffByDefault() {
		this.contextRunner.withUserConfiguration(Observations.class)
			.run((context) -> assertThat(context.getBean(ReplicationRunner.class).isObservationEnabled()).isFalse());
	}

	@Test
	void listenerObservationUsesTheApplicationsRegistryWhenEnabled() {
		this.contextRunner.withUserConfiguration(Observations.class)
			.withPropertyValues("walstream.listener.observation-enabled=true")
			.run((context) -> assertThat(context.getBean(ReplicationRunner.class).isObservationEnabled()).isTrue());
	}

	@Test
	void listenerObservationNeedsARegistry() {
		this.contextRunner.withPropertyValues("walstream.listener.observation-enabled=true")
			.run((context) -> assertThat(context.getBean(ReplicationRunner.class).isObservationEnabled()).isFalse());
	}

	@Test
	void heartbeatIsOffByDefaultAndMapped() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ReplicationStreamConfig.class).heartbeatInterval())
			.isZero());
		this.contextRunner.withPropertyValues("walstream.heartbeat.interval=15s")
			.run((context) -> assertThat(context.getBean(ReplicationStreamConfig.class).heartbeatInterval())
				.isEqualTo(Duration.ofSeconds(15)));
	}

	@Test
	void negativeHeartbeatIsRejectedByName() {
		this.contextRunner.withPropertyValues("walstream.heartbeat.interval=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("walstream.heartbeat.interval"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetrics {

		static final WalstreamMetrics METRICS = new WalstreamMetrics(java.util.List.of());

		@Bean
		WalstreamMetrics myMetrics() {
			return METRICS;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealth {

		@Bean
		HealthIndicator walstreamHealthIndicator() {
			return () -> Health.up().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Observations {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler((context) -> true);
			return registry;
		}

	}

}
