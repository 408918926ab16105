package dev.walstream.spring.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.walstream.event.Operation;
import dev.walstream.spring.listener.TableFilter;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.spring.listener.WalListenerRegistry;
import dev.walstream.spring.listener.adapter.WalListenerMethodAdapter;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link WalListener @WalListener} methods on every bean, checks each signature and registers
 * an endpoint for it. Works on the target class behind a proxy, and calls the method through the
 * proxy so that its advice (transactions, for example) applies.
 *
 * @since 0.1.0
 */
public class WalListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private final Supplier<WalListenerRegistry> registry;

	private final Set<Class<?>> classesWithoutListeners = Collections.newSetFromMap(new ConcurrentHashMap<>());

	private @Nullable ConfigurableBeanFactory beanFactory;

	/**
	 * Creates a post-processor that registers endpoints in a registry, looked up when the first
	 * listener is found (so that the registry itself is not created early).
	 * @param registry supplies the registry
	 */
	public WalListenerAnnotationBeanPostProcessor(Supplier<WalListenerRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.beanFactory = configurable;
		}
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof WalListenerRegistry) {
			return bean;
		}
		Class<?> targetClass = ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean));
		if (this.classesWithoutListeners.contains(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass, WalListener.class)) {
			return bean;
		}
		Map<Method, WalListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<WalListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WalListener.class));
		if (methods.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		methods.forEach((method, annotation) -> register(bean, beanName, method, annotation));
		return bean;
	}

	private void register(Object bean, String beanName, Method method, WalListener annotation) {
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		String id = resolve(annotation.id());
		if (!StringUtils.hasText(id)) {
			id = beanName + "." + method.getName();
		}
		try {
			Set<Operation> operations = WalListenerEndpoint.effectiveOperations(Arrays.asList(annotation.events()));
			WalListenerMethodAdapter adapter = WalListenerMethodAdapter.create(bean, invocable, operations);
			this.registry.get()
				.register(new WalListenerEndpoint(id, tables(annotation), operations, adapter.isTransactional(),
						autoStartup(annotation), adapter));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new BeanInitializationException("Invalid @WalListener on bean '" + beanName + "', method "
					+ method.getName() + ": " + ex.getMessage(), ex);
		}
	}

	private TableFilter tables(WalListener annotation) {
		return TableFilter.of(Arrays.stream(annotation.tables())
			.map(this::resolve)
			.flatMap((value) -> StringUtils.commaDelimitedListToSet(value).stream())
			.map(String::trim)
			.filter(StringUtils::hasText)
			.toList());
	}

	private boolean autoStartup(WalListener annotation) {
		String value = resolve(annotation.autoStartup()).trim();
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw new IllegalArgumentException("autoStartup must be 'true' or 'false', got '" + value + "'");
		}
		return Boolean.parseBoolean(value);
	}

	private String resolve(String value) {
		if (this.beanFactory == null) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		return (resolved != null) ? resolved : value;
	}

}
