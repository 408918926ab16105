package dev.walstream.spring.boot.autoconfigure;

import dev.walstream.spring.boot.actuate.endpoint.WalstreamEndpoint;
import dev.walstream.spring.listener.ReplicationRunner;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link WalstreamEndpoint walstream Actuator endpoint}, when Actuator is present and the endpoint
 * is available (exposed, and its access not {@code none}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WalstreamAutoConfiguration.class)
@ConditionalOnClass({ ConditionalOnAvailableEndpoint.class, ReplicationRunner.class })
@ConditionalOnAvailableEndpoint(WalstreamEndpoint.class)
public final class WalstreamEndpointAutoConfiguration {

	@Bean
	@ConditionalOnBean(ReplicationRunner.class)
	@ConditionalOnMissingBean
	WalstreamEndpoint walstreamEndpoint(ObjectProvider<ReplicationRunner> runners) {
		return new WalstreamEndpoint(runners.orderedStream().toList());
	}

}
