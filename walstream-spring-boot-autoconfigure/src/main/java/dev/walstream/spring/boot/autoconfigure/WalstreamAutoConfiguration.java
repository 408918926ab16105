package dev.walstream.spring.boot.autoconfigure;

import dev.walstream.decode.ValueDecoders;
import dev.walstream.spring.annotation.EnableWalListeners;
import dev.walstream.spring.annotation.WalListenerBootstrapConfiguration;
import dev.walstream.spring.listener.ReplicationRunner;
import dev.walstream.spring.listener.ReplicationRunnerObserver;
import dev.walstream.spring.listener.WalListenerErrorHandler;
import dev.walstream.spring.listener.WalListenerRegistry;
import dev.walstream.spring.observation.WalListenerObservationConvention;
import dev.walstream.stream.LogicalReplicationStream;
import dev.walstream.stream.ReplicationStreamConfig;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * walstream: finds {@link dev.walstream.spring.annotation.WalListener @WalListener} methods and
 * streams changes to them from the slot and publications of {@code walstream.*}, from when the
 * application starts until it stops. {@code walstream.enabled=false} turns it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(LogicalReplicationStream.class)
@ConditionalOnBooleanProperty(name = "walstream.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WalstreamProperties.class)
public final class WalstreamAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(WalstreamConnectionDetails.class)
	PropertiesWalstreamConnectionDetails walstreamConnectionDetails(WalstreamProperties properties,
			Environment environment, ListableBeanFactory beanFactory) {
		return new PropertiesWalstreamConnectionDetails(properties.getConnection(),
				JdbcFallback.find(environment, beanFactory));
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicationStreamConfig walstreamReplicationStreamConfig(WalstreamProperties properties) {
		return StreamConfigMapper.streamConfig(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ValueDecoders walstreamValueDecoders() {
		return ValueDecoders.defaults();
	}

	@Bean
	@ConditionalOnMissingBean
	WalListenerErrorHandler walListenerErrorHandler(WalstreamProperties properties) {
		return switch (properties.getListener().getErrorHandling()) {
			case STOP -> WalListenerErrorHandler.logAndStop();
			case SKIP -> WalListenerErrorHandler.logAndSkip();
		};
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicationRunner walstreamReplicationRunner(WalstreamProperties properties,
			WalstreamConnectionDetails connectionDetails, ReplicationStreamConfig streamConfig,
			WalListenerRegistry registry, ValueDecoders valueDecoders, WalListenerErrorHandler errorHandler,
			ObjectProvider<ReplicationRunnerObserver> observers, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<WalListenerObservationConvention> observationConvention) {
		ReplicationRunner runner = new ReplicationRunner(connectionDetails.getConnectionConfig(), streamConfig,
				registry);
		runner.setValueDecoders(valueDecoders);
		runner.setErrorHandler(errorHandler);
		runner.setListenerBackOff(StreamConfigMapper.listenerBackOff(properties.getListener().getRetry()));
		runner.setStandbyInterval(
				StreamConfigMapper.positive("walstream.slot.standby-interval", properties.getSlot().getStandbyInterval()));
		runner.setShutdownTimeout(
				StreamConfigMapper.positive("walstream.shutdown-timeout", properties.getShutdownTimeout()));
		runner.setAutoStartup(properties.isAutoStartup());
		observers.orderedStream().forEach(runner::addObserver);
		if (properties.getListener().isObservationEnabled()) {
			runner.setObservationRegistry(observationRegistry.getIfUnique());
			runner.setObservationConvention(observationConvention.getIfUnique());
		}
		return runner;
	}

	/**
	 * Applies {@link EnableWalListeners @EnableWalListeners} unless the application did.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWalListeners
	@ConditionalOnMissingBean(name = WalListenerBootstrapConfiguration.WAL_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
	static class EnableWalListenersConfiguration {

	}

}
