package dev.walstream.spring.listener.adapter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.event.Row;
import dev.walstream.spring.annotation.WalHeader;
import dev.walstream.spring.listener.WalInvocation;
import dev.walstream.spring.listener.WalListenerInvocable;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Calls a {@link dev.walstream.spring.annotation.WalListener @WalListener} method, resolving each of
 * its parameters from the event or transaction. The signature is checked once, when the adapter is
 * created, so that a mistake fails start-up with a message naming the method, not the first event.
 *
 * @since 0.1.0
 */
public final class WalListenerMethodAdapter implements WalListenerInvocable {

	private static final Set<Operation> ROW_OPERATIONS = EnumSet.of(Operation.INSERT, Operation.UPDATE,
			Operation.DELETE);

	private final Object bean;

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final boolean transactional;

	private WalListenerMethodAdapter(Object bean, Method method, ArgumentResolver[] resolvers, boolean transactional) {
		this.bean = bean;
		this.method = method;
		this.resolvers = resolvers;
		this.transactional = transactional;
	}

	/**
	 * Checks a method and creates its adapter.
	 * @param bean the bean to call the method on
	 * @param method the method, invocable on the bean (on its proxy, if it has one)
	 * @param operations the operations the listener receives
	 * @return the adapter
	 * @throws IllegalStateException naming the method and the problem when the signature cannot be
	 * served
	 */
	public static WalListenerMethodAdapter create(Object bean, Method method, Set<Operation> operations) {
		String described = ClassUtils.getQualifiedMethodName(method, bean.getClass()) + "(..)";
		if (method.getReturnType() != void.class) {
			throw invalid(described, "it must return void: the transaction is acknowledged when the method returns, "
					+ "so a result still being computed would be lost on a crash");
		}
		boolean transactional = false;
		for (int i = 0; i < method.getParameterCount(); i++) {
			transactional |= isTransactionList(new MethodParameter(method, i));
		}
		ArgumentResolver[] resolvers = new ArgumentResolver[method.getParameterCount()];
		for (int i = 0; i < resolvers.length; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			try {
				resolvers[i] = resolverFor(parameter, transactional, operations);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(described, "parameter " + i + " (" + parameter.getParameterType().getSimpleName() + "): "
						+ ex.getMessage());
			}
		}
		ReflectionUtils.makeAccessible(method);
		return new WalListenerMethodAdapter(bean, method, resolvers, transactional);
	}

	private static IllegalStateException invalid(String method, String reason) {
		return new IllegalStateException("@WalListener method " + method + " cannot be used: " + reason);
	}

	private static boolean isTransactionList(MethodParameter parameter) {
		ResolvableType type = ResolvableType.forMethodParameter(parameter);
		return List.class.isAssignableFrom(type.toClass()) && type.getGeneric(0).toClass() == ChangeEvent.class;
	}

	private static ArgumentResolver resolverFor(MethodParameter parameter, boolean transactional,
			Set<Operation> operations) {
		WalHeader header = parameter.getParameterAnnotation(WalHeader.class);
		if (header != null) {
			return headerResolver(header.value(), parameter.getParameterType(), transactional);
		}
		Class<?> type = parameter.getParameterType();
		if (isTransactionList(parameter)) {
			return WalInvocation::transaction;
		}
		if (transactional) {
			throw new IllegalArgumentException("a method that takes List<ChangeEvent> receives whole transactions; "
					+ "its other parameters may only be @WalHeader(LSN), @WalHeader(XID) or @WalHeader(COMMIT_TIME)");
		}
		if (type == ChangeEvent.class) {
			return WalInvocation::event;
		}
		if (type == Row.class) {
			requireRowOperations(operations);
			return (invocation) -> rowOf(invocation.event());
		}
		RowBinder binder = RowBinder.forType(type);
		requireRowOperations(operations);
		return (invocation) -> {
			Row row = rowOf(invocation.event());
			return (row != null) ? binder.bind(row) : null;
		};
	}

	private static void requireRowOperations(Set<Operation> operations) {
		if (!ROW_OPERATIONS.containsAll(operations)) {
			throw new IllegalArgumentException("a row is only available for INSERT, UPDATE and DELETE, but the listener "
					+ "receives " + operations + "; take a ChangeEvent instead, or narrow the events");
		}
	}

	private static ArgumentResolver headerResolver(WalHeader.Name name, Class<?> type, boolean transactional) {
		switch (name) {
			case LSN -> {
				requireType(name, type, Lsn.class);
				return (invocation) -> invocation.event().lsn();
			}
			case XID -> {
				requireType(name, type, long.class, Long.class);
				return (invocation) -> invocation.event().xid();
			}
			case COMMIT_TIME -> {
				requireType(name, type, Instant.class);
				return (invocation) -> invocation.event().commitTime();
			}
			case TABLE -> {
				requireType(name, type, String.class);
				requireSingleEvents(name, transactional);
				return (invocation) -> (invocation.event().eventType() instanceof EventType.TableChange change)
						? change.qualifiedName() : null;
			}
			case OPERATION -> {
				requireType(name, type, Operation.class);
				requireSingleEvents(name, transactional);
				return (invocation) -> invocation.event().operation();
			}
			default -> throw new IllegalArgumentException("unknown header " + name);
		}
	}

	private static void requireType(WalHeader.Name name, Class<?> type, Class<?>... allowed) {
		for (Class<?> candidate : allowed) {
			if (candidate == type) {
				return;
			}
		}
		throw new IllegalArgumentException("@WalHeader(" + name + ") needs a parameter of type "
				+ allowed[allowed.length - 1].getSimpleName());
	}

	private static void requireSingleEvents(WalHeader.Name name, boolean transactional) {
		if (transactional) {
			throw new IllegalArgumentException("@WalHeader(" + name + ") differs from event to event, and the method "
					+ "receives whole transactions");
		}
	}

	/**
	 * Returns the row a change carries: the new row of an insert or update, the old row of a delete.
	 */
	static @Nullable Row rowOf(ChangeEvent event) {
		EventType type = event.eventType();
		if (type instanceof EventType.Insert insert) {
			return insert.data();
		}
		if (type instanceof EventType.Update update) {
			return update.newData();
		}
		if (type instanceof EventType.Delete delete) {
			return delete.oldData();
		}
		return null;
	}

	/**
	 * Whether the method receives whole transactions: it has a {@code List<ChangeEvent>} parameter.
	 * @return {@code true} for whole transactions
	 */
	public boolean isTransactional() {
		return this.transactional;
	}

	@Override
	public void invoke(WalInvocation invocation) throws Exception {
		Object[] arguments = new Object[this.resolvers.length];
		for (int i = 0; i < arguments.length; i++) {
			arguments[i] = this.resolvers[i].resolve(invocation);
		}
		try {
			this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	@Override
	public String toString() {
		return ClassUtils.getQualifiedMethodName(this.method);
	}

}
