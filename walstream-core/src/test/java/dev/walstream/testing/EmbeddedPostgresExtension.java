package dev.walstream.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit extension behind {@link EmbeddedPostgres @EmbeddedPostgres}: resolves
 * {@link PostgresServer} and {@link PostgresServers} parameters, injects non-final
 * {@link PostgresServer} fields (static ones before all tests, instance ones into each test
 * instance), and keeps the servers.
 *
 * <p>
 * Shared servers live in the root context's store, keyed by version, settings and rules, and are
 * closed when the test run ends; a server of a test's own lives in the store of the class, method or
 * parameterized invocation that asked for it, and is closed with it.
 *
 * @since 0.1.0
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(EmbeddedPostgresExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		injectFields(null, context.getRequiredTestClass(), context, ModifierSupport::isStatic);
	}

	@Override
	public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
		injectFields(testInstance, testInstance.getClass(), context, Predicate.not(ModifierSupport::isStatic));
	}

	/**
	 * Receive the test method's context while test instances are created, so that a server of a test's
	 * own that is injected into an instance field is closed with the test method.
	 */
	@Override
	public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
		return ExtensionContextScope.TEST_METHOD;
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == PostgresServer.class || type == PostgresServers.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (parameterContext.getParameter().getType() == PostgresServers.class) {
			return new PostgresServers(extensionContext, config(null, extensionContext));
		}
		return server(config(parameterContext.findAnnotation(EmbeddedPostgres.class).orElse(null), extensionContext),
				extensionContext);
	}

	/**
	 * Return a server for a configuration: the shared one, started on first use, or one of the
	 * context's own.
	 */
	static PostgresServer server(Config config, ExtensionContext context) {
		if (config.shared()) {
			return context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent(config.spec(), (spec) -> new Stored(PostgresServer.start(spec, null).markShared()),
						Stored.class)
				.server();
		}
		return context.getStore(NAMESPACE)
			.computeIfAbsent(new OwnKey(context.getUniqueId(), config.spec()),
					(key) -> new Stored(PostgresServer.start(key.spec(), null)), Stored.class)
			.server();
	}

	/**
	 * Start a server of the context's own from a builder, to be closed with the context.
	 */
	static PostgresServer startOwn(PostgresServer.Builder builder, ExtensionContext context) {
		PostgresServer server = builder.start();
		context.getStore(NAMESPACE).put(new Object(), new Stored(server));
		return server;
	}

	private static void injectFields(@Nullable Object testInstance, Class<?> testClass, ExtensionContext context,
			Predicate<Field> scope) {
		// final fields are the test's own business, typically assigned from a constructor parameter
		List<Field> fields = ReflectionSupport.findFields(testClass,
				scope.and(ModifierSupport::isNotFinal).and((field) -> field.getType() == PostgresServer.class),
				HierarchyTraversalMode.TOP_DOWN);
		for (Field field : fields) {
			// a field serves every test method of its class, so a method's annotation does not configure it
			EmbeddedPostgres own = AnnotationSupport.findAnnotation(field, EmbeddedPostgres.class).orElse(null);
			PostgresServer server = server(config(own, context, (element) -> !(element instanceof Method)), context);
			try {
				field.setAccessible(true);
				field.set(testInstance, server);
			}
			catch (IllegalAccessException ex) {
				throw new ExtensionConfigurationException("Cannot inject PostgresServer into " + field, ex);
			}
		}
	}

	/**
	 * Return the configuration from an element's own annotation, else from the nearest annotated
	 * method or class around the context.
	 */
	static Config config(@Nullable EmbeddedPostgres own, ExtensionContext context) {
		return config(own, context, (element) -> true);
	}

	private static Config config(@Nullable EmbeddedPostgres own, ExtensionContext context,
			Predicate<AnnotatedElement> consulted) {
		if (own != null) {
			return Config.of(own);
		}
		for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent(); current = current.get()
			.getParent()) {
			Optional<EmbeddedPostgres> annotation = AnnotationSupport
				.findAnnotation(current.get().getElement().filter(consulted), EmbeddedPostgres.class);
			if (annotation.isPresent()) {
				return Config.of(annotation.get());
			}
		}
		return Config.of(null);
	}

	/**
	 * What an {@link EmbeddedPostgres} annotation asks for.
	 *
	 * @param spec the server's version, settings and rules
	 * @param shared whether the server is shared
	 */
	record Config(ServerSpec spec, boolean shared) {

		static Config of(@Nullable EmbeddedPostgres annotation) {
			if (annotation == null) {
				return new Config(ServerSpec.of(PgVersion.defaultVersion(), List.of(), List.of()), true);
			}
			PgVersion version = (annotation.version() != 0) ? PgVersion.of(annotation.version())
					: PgVersion.defaultVersion();
			return new Config(ServerSpec.of(version, List.of(annotation.settings()), List.of(annotation.hba())),
					annotation.shared());
		}

		Config withVersion(PgVersion version) {
			return new Config(this.spec.withVersion(version), this.shared);
		}

	}

	/**
	 * The key of a server of a context's own: the same spec asked for twice in one context gets one
	 * server, and no other context finds it.
	 */
	private record OwnKey(String uniqueId, ServerSpec spec) {
	}

	/**
	 * A server in a store, released when the store is closed, shared or not.
	 */
	private record Stored(PostgresServer server) implements AutoCloseable {

		@Override
		public void close() {
			this.server.release();
		}

	}

}
