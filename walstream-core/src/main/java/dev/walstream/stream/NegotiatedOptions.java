package dev.walstream.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.walstream.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * The pgoutput options a stream starts with, reduced to what the server's version supports, and
 * the {@code START_REPLICATION} command that carries them.
 *
 * @param protocolVersion the {@code proto_version}
 * @param streaming the {@code streaming} mode
 * @param binary whether {@code binary} is on
 * @param messages whether {@code messages} is on
 * @param twoPhase whether {@code two_phase} is on
 * @param origin the {@code origin}, or {@code null} for the server's default
 * @param publicationNames the publications
 * @since 0.1.0
 */
public record NegotiatedOptions(int protocolVersion, StreamingMode streaming, boolean binary, boolean messages,
		boolean twoPhase, @Nullable String origin, List<String> publicationNames) {

	/**
	 * Chooses the options for a server: the configured protocol version or the highest the server
	 * speaks, and each option only where that version and the server support it.
	 * @param config the stream's configuration
	 * @param server the server
	 * @return the options
	 * @throws IllegalArgumentException if the configuration asks for what the server cannot do
	 */
	static NegotiatedOptions negotiate(ReplicationStreamConfig config, ServerInfo server) {
		int major = server.majorVersion();
		int version = (config.protocolVersion() != null) ? config.protocolVersion() : server.maxProtocolVersion();
		if (version > server.maxProtocolVersion()) {
			throw new IllegalArgumentException("Protocol version " + version + " is configured, but PostgreSQL "
					+ server.version() + " speaks at most version " + server.maxProtocolVersion());
		}
		StreamingMode streaming = config.streaming();
		while (streaming.minimumProtocolVersion() > version) {
			streaming = (streaming == StreamingMode.PARALLEL) ? StreamingMode.ON : StreamingMode.OFF;
		}
		if (config.twoPhase() && (major < 15 || version < 3)) {
			throw new IllegalArgumentException("Two-phase decoding needs PostgreSQL 15 and protocol version 3; the server "
					+ "is PostgreSQL " + server.version() + " and version " + version + " is used");
		}
		if (config.binary() && major < 14) {
			throw new IllegalArgumentException("Binary transfer needs PostgreSQL 14 or later");
		}
		if (config.origin() != null && major < 16) {
			throw new IllegalArgumentException("The origin option needs PostgreSQL 16 or later");
		}
		return new NegotiatedOptions(version, streaming, config.binary(), config.messages() && major >= 14,
				config.twoPhase(), config.origin(), config.publicationNames());
	}

	/**
	 * Returns the options as the command sends them, in order.
	 * @return option names to values
	 */
	Map<String, String> asOptions() {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("proto_version", Integer.toString(this.protocolVersion));
		options.put("publication_names",
				this.publicationNames.stream().map(ServerCatalog::quoteIdentifier).collect(Collectors.joining(",")));
		if (this.streaming != StreamingMode.OFF) {
			options.put("streaming", this.streaming.value());
		}
		if (this.binary) {
			options.put("binary", "true");
		}
		if (this.messages) {
			options.put("messages", "true");
		}
		if (this.twoPhase) {
			options.put("two_phase", "true");
		}
		if (this.origin != null) {
			options.put("origin", this.origin);
		}
		return options;
	}

	/**
	 * Builds the {@code START_REPLICATION} command. The slot name is validated, and every option
	 * value is a quoted literal (publication names are quoted identifiers inside it), so no value can
	 * inject options or commands.
	 * @param slotName the slot
	 * @param start where to start, {@code 0/0} for the slot's confirmed position
	 * @return the command
	 */
	String startReplicationCommand(String slotName, Lsn start) {
		String options = asOptions().entrySet()
			.stream()
			.map((option) -> ServerCatalog.quoteIdentifier(option.getKey()) + " "
					+ ServerCatalog.quoteLiteral(option.getValue()))
			.collect(Collectors.joining(", "));
		return "START_REPLICATION SLOT " + ServerCatalog.quoteIdentifier(ReplicationStreamConfig.validateSlotName(slotName))
				+ " LOGICAL " + start + " (" + options + ")";
	}

}
