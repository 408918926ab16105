package dev.walstream.spring.annotation;

import dev.walstream.spring.listener.WalListenerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * The beans {@link EnableWalListeners @EnableWalListeners} registers: the annotation post-processor
 * and the registry it fills, under fixed names so that they are registered once however often the
 * annotation appears.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class WalListenerBootstrapConfiguration {

	/** The name of the {@link WalListenerAnnotationBeanPostProcessor} bean. */
	public static final String WAL_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME = "dev.walstream.spring.internalWalListenerAnnotationProcessor";

	/** The name of the {@link WalListenerRegistry} bean. */
	public static final String WAL_LISTENER_REGISTRY_BEAN_NAME = "dev.walstream.spring.internalWalListenerRegistry";

	@Bean(WAL_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static WalListenerAnnotationBeanPostProcessor walListenerAnnotationBeanPostProcessor(
			ObjectProvider<WalListenerRegistry> registry) {
		return new WalListenerAnnotationBeanPostProcessor(registry::getObject);
	}

	@Bean(WAL_LISTENER_REGISTRY_BEAN_NAME)
	WalListenerRegistry walListenerRegistry() {
		return new WalListenerRegistry();
	}

}
