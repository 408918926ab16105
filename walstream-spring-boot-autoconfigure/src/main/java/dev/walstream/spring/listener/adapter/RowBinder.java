package dev.walstream.spring.listener.adapter;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.walstream.event.Row;
import dev.walstream.event.UnchangedToast;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.ReflectionUtils;

/**
 * Creates an instance of a record or a POJO from a row: each record component, or each property
 * with a setter, takes the column of the same name, else the column named in {@code snake_case},
 * else the all lower-case name (which an unquoted {@code camelCase} identifier becomes in
 * PostgreSQL). Values are converted with Spring's {@link DefaultConversionService} (for example an
 * {@code int4} into a {@code long} field, a {@code text} into an enum). A column the row lacks, and
 * an unchanged TOAST value the change did not carry, bind as {@code null}.
 */
final class RowBinder {

	private static final ConversionService conversionService = DefaultConversionService.getSharedInstance();

	private final Class<?> type;

	private final @Nullable Constructor<?> recordConstructor;

	private final @Nullable Constructor<?> noArgConstructor;

	private final List<Target> targets;

	private RowBinder(Class<?> type, @Nullable Constructor<?> recordConstructor,
			@Nullable Constructor<?> noArgConstructor, List<Target> targets) {
		this.type = type;
		this.recordConstructor = recordConstructor;
		this.noArgConstructor = noArgConstructor;
		this.targets = targets;
	}

	/**
	 * Prepares binding to a type.
	 * @throws IllegalArgumentException with the reason when the type cannot be bound from a row
	 */
	static RowBinder forType(Class<?> type) {
		if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isArray() || type.isEnum()
				|| BeanUtils.isSimpleValueType(type) || type.getName().startsWith("java.")) {
			throw new IllegalArgumentException(type.getName() + " is not a type walstream can resolve: use ChangeEvent, "
					+ "Row, List<ChangeEvent>, a record or POJO bound from the row, or a @WalHeader parameter");
		}
		if (type.isRecord()) {
			return forRecord(type);
		}
		Constructor<?> constructor;
		try {
			constructor = type.getDeclaredConstructor();
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalArgumentException(type.getName() + " cannot be bound from a row: it needs to be a record "
					+ "or have a constructor without parameters");
		}
		List<Target> targets = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getWriteMethod() != null) {
				targets.add(new Target(property.getName(),
						new TypeDescriptor(new MethodParameter(property.getWriteMethod(), 0))));
			}
		}
		if (targets.isEmpty()) {
			throw new IllegalArgumentException(type.getName() + " cannot be bound from a row: it has no setters");
		}
		ReflectionUtils.makeAccessible(constructor);
		return new RowBinder(type, null, constructor, List.copyOf(targets));
	}

	private static RowBinder forRecord(Class<?> type) {
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] parameterTypes = new Class<?>[components.length];
		List<Target> targets = new ArrayList<>();
		for (int i = 0; i < components.length; i++) {
			parameterTypes[i] = components[i].getType();
			targets.add(new Target(components[i].getName(),
					new TypeDescriptor(new MethodParameter(components[i].getAccessor(), -1))));
		}
		try {
			Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
			ReflectionUtils.makeAccessible(constructor);
			return new RowBinder(type, constructor, null, List.copyOf(targets));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Record " + type.getName() + " has no canonical constructor", ex);
		}
	}

	/**
	 * Creates an instance from a row.
	 * @throws IllegalArgumentException when a value cannot be converted, or is {@code NULL} for a
	 * primitive
	 */
	Object bind(Row row) {
		if (this.recordConstructor != null) {
			Object[] arguments = new Object[this.targets.size()];
			for (int i = 0; i < arguments.length; i++) {
				arguments[i] = this.targets.get(i).valueFrom(row);
			}
			return BeanUtils.instantiateClass(this.recordConstructor, arguments);
		}
		BeanWrapper wrapper = new BeanWrapperImpl(BeanUtils.instantiateClass(this.noArgConstructor));
		for (Target target : this.targets) {
			String column = target.column(row);
			if (column != null) {
				wrapper.setPropertyValue(target.name(), target.convert(row, column));
			}
		}
		return wrapper.getWrappedInstance();
	}

	@Override
	public String toString() {
		return "RowBinder[" + this.type.getName() + "]";
	}

	/**
	 * A record component or a property, with the column names it may bind from.
	 */
	private record Target(String name, String snakeCase, String lowerCase, TypeDescriptor typeDescriptor) {

		Target(String name, TypeDescriptor typeDescriptor) {
			this(name, toSnakeCase(name), name.toLowerCase(Locale.ROOT), typeDescriptor);
		}

		private static String toSnakeCase(String name) {
			StringBuilder snake = new StringBuilder(name.length() + 4);
			for (char c : name.toCharArray()) {
				if (Character.isUpperCase(c)) {
					snake.append('_').append(Character.toLowerCase(c));
				}
				else {
					snake.append(c);
				}
			}
			return snake.toString();
		}

		@Nullable String column(Row row) {
			if (row.contains(this.name)) {
				return this.name;
			}
			if (row.contains(this.snakeCase)) {
				return this.snakeCase;
			}
			return row.contains(this.lowerCase) ? this.lowerCase : null;
		}

		@Nullable Object valueFrom(Row row) {
			String column = column(row);
			Object value = (column != null) ? convert(row, column) : null;
			if (value == null && this.typeDescriptor.isPrimitive()) {
				throw new IllegalArgumentException("Cannot bind " + ((column != null) ? "NULL column '" + column + "'"
						: "a missing column") + " of " + row.relation().qualifiedName() + " to primitive '" + this.name
						+ "'");
			}
			return value;
		}

		@Nullable Object convert(Row row, String column) {
			Object value = row.get(column);
			if (value == null || value == UnchangedToast.INSTANCE) {
				return null;
			}
			return conversionService.convert(value, TypeDescriptor.forObject(value), this.typeDescriptor);
		}

	}

}
