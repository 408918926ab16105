package dev.walstream.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tables a listener receives, from patterns such as {@code public.orders}, {@code orders}
 * (the {@code public} schema), {@code sales.*}, {@code *.audit_log} or {@code *} (every table).
 * Names compare exactly, as PostgreSQL stores them; {@code *} matches any run of characters within
 * the schema or the table name.
 *
 * @since 0.1.0
 */
public final class TableFilter {

	/** The schema of an unqualified name: PostgreSQL's default {@code search_path} puts tables there. */
	static final String DEFAULT_SCHEMA = "public";

	private static final TableFilter ALL = new TableFilter(true, Map.of(), List.of(), List.of());

	private final boolean all;

	private final Map<String, Set<String>> exact;

	private final List<Pattern> patterns;

	private final List<String> description;

	private TableFilter(boolean all, Map<String, Set<String>> exact, List<Pattern> patterns, List<String> description) {
		this.all = all;
		this.exact = exact;
		this.patterns = patterns;
		this.description = description;
	}

	/**
	 * Returns a filter that accepts every table.
	 * @return the filter
	 */
	public static TableFilter all() {
		return ALL;
	}

	/**
	 * Compiles table patterns.
	 * @param tables the patterns; none means every table
	 * @return the filter
	 * @throws IllegalArgumentException for a blank pattern or one with more than one dot
	 */
	public static TableFilter of(Collection<String> tables) {
		if (tables.isEmpty() || tables.contains("*")) {
			return ALL;
		}
		Map<String, Set<String>> exact = new HashMap<>();
		List<Pattern> patterns = new ArrayList<>();
		List<String> qualified = new ArrayList<>();
		for (String table : tables) {
			String name = qualify(table);
			qualified.add(name);
			if (name.indexOf('*') >= 0) {
				patterns.add(glob(name));
			}
			else {
				int dot = name.indexOf('.');
				exact.computeIfAbsent(name.substring(0, dot), (schema) -> new HashSet<>()).add(name.substring(dot + 1));
			}
		}
		return new TableFilter(false, Map.copyOf(exact), List.copyOf(patterns), List.copyOf(qualified));
	}

	private static String qualify(String table) {
		String name = table.trim();
		String[] parts = name.split("\\.", -1);
		if (name.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
			throw new IllegalArgumentException("Invalid table pattern '" + table
					+ "': expected 'table', 'schema.table' or '*', with '*' as a wildcard within a name");
		}
		return (parts.length == 1) ? DEFAULT_SCHEMA + "." + name : name;
	}

	private static Pattern glob(String qualified) {
		StringBuilder regex = new StringBuilder();
		String[] literals = qualified.split("\\*", -1);
		for (int i = 0; i < literals.length; i++) {
			if (i > 0) {
				regex.append("[^.]*");
			}
			regex.append(Pattern.quote(literals[i]));
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Whether the filter accepts a table.
	 * @param schema the table's schema
	 * @param table the table's name
	 * @return {@code true} if accepted
	 */
	public boolean matches(String schema, String table) {
		if (this.all) {
			return true;
		}
		Set<String> tables = this.exact.get(schema);
		if (tables != null && tables.contains(table)) {
			return true;
		}
		return !this.patterns.isEmpty() && matchesPattern(schema + "." + table);
	}

	/**
	 * Whether the filter accepts a table named as {@code schema.table}.
	 * @param qualifiedName the name
	 * @return {@code true} if accepted
	 */
	public boolean matches(String qualifiedName) {
		int dot = qualifiedName.indexOf('.');
		return (dot < 0) ? matches(DEFAULT_SCHEMA, qualifiedName)
				: matches(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
	}

	private boolean matchesPattern(String qualifiedName) {
		for (Pattern pattern : this.patterns) {
			if (pattern.matcher(qualifiedName).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the tables the filter accepts, as configured: {@code schema.table} names, possibly
	 * with wildcards, or {@code *} for every table.
	 * @return the patterns
	 */
	public List<String> getPatterns() {
		return this.all ? List.of("*") : this.description;
	}

	@Override
	public String toString() {
		return this.all ? "*" : String.join(", ", this.description);
	}

}
