package dev.walstream.benchmarks.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a consumer reads: the server, the slot with the workload's backlog, and how many changes to
 * expect before it stops.
 *
 * @param host the server's host
 * @param port the server's port
 * @param database the database
 * @param user the (super)user
 * @param password the password
 * @param slot the slot holding the backlog
 * @param publication the publication
 * @param changes how many insert, update and delete messages the backlog holds
 * @param binary whether to ask for pgoutput's binary tuple format
 * @param latencyFrom the index of the first change whose latency counts (the ones before are
 * warm-up), or {@code -1} to measure no latency: a consumer reading a backlog measures rates only
 * @param timedFromStart whether time and CPU run from the consumer's creation rather than from the
 * first change: for one huge transaction, whose first change arrives only once the server (protocol
 * 1) or walstream (streaming) has received and spilled all of it
 */
public record ConsumerTarget(String host, int port, String database, String user, String password, String slot,
		String publication, int changes, boolean binary, int latencyFrom, boolean timedFromStart) {

	/**
	 * Returns the target as {@code key=value} arguments for a forked consumer.
	 * @return the arguments
	 */
	List<String> toArguments() {
		Map<String, String> arguments = new LinkedHashMap<>();
		arguments.put("host", this.host);
		arguments.put("port", Integer.toString(this.port));
		arguments.put("database", this.database);
		arguments.put("user", this.user);
		arguments.put("password", this.password);
		arguments.put("slot", this.slot);
		arguments.put("publication", this.publication);
		arguments.put("changes", Integer.toString(this.changes));
		arguments.put("binary", Boolean.toString(this.binary));
		arguments.put("latencyFrom", Integer.toString(this.latencyFrom));
		arguments.put("timedFromStart", Boolean.toString(this.timedFromStart));
		return arguments.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue()).toList();
	}

	/**
	 * Reads the arguments {@link #toArguments()} wrote.
	 * @param arguments the arguments
	 * @return the target
	 */
	static ConsumerTarget fromArguments(List<String> arguments) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			values.put(argument.substring(0, equals), argument.substring(equals + 1));
		}
		return new ConsumerTarget(values.get("host"), Integer.parseInt(values.get("port")), values.get("database"),
				values.get("user"), values.get("password"), values.get("slot"), values.get("publication"),
				Integer.parseInt(values.get("changes")), Boolean.parseBoolean(values.get("binary")),
				Integer.parseInt(values.get("latencyFrom")), Boolean.parseBoolean(values.get("timedFromStart")));
	}

	/**
	 * Returns the JDBC URL of the database.
	 * @return the URL
	 */
	String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

}
