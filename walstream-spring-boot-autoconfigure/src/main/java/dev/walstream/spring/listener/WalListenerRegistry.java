package dev.walstream.spring.listener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Holds every {@link WalListenerEndpoint} of the application, in registration order, which is the
 * order listeners are called in for an event. The annotation post-processor fills it while beans
 * are created; the {@link ReplicationRunner} reads it. Endpoints may be started and stopped by id.
 *
 * @since 0.1.0
 */
public class WalListenerRegistry {

	private final Map<String, WalListenerEndpoint> endpoints = new LinkedHashMap<>();

	private volatile List<WalListenerEndpoint> snapshot = List.of();

	/**
	 * Adds an endpoint.
	 * @param endpoint the endpoint
	 * @throws IllegalStateException if another endpoint has the same id
	 */
	public synchronized void register(WalListenerEndpoint endpoint) {
		WalListenerEndpoint existing = this.endpoints.putIfAbsent(endpoint.getId(), endpoint);
		if (existing != null) {
			throw new IllegalStateException("Another @WalListener already has the id '" + endpoint.getId()
					+ "': give each listener a unique id");
		}
		this.snapshot = List.copyOf(this.endpoints.values());
	}

	/**
	 * Returns the endpoint with an id.
	 * @param id the id
	 * @return the endpoint, or {@code null} if none has the id
	 */
	public @Nullable WalListenerEndpoint getEndpoint(String id) {
		return this.snapshot.stream().filter((endpoint) -> endpoint.getId().equals(id)).findFirst().orElse(null);
	}

	/**
	 * Returns every endpoint, in registration order.
	 * @return the endpoints, unmodifiable
	 */
	public List<WalListenerEndpoint> getEndpoints() {
		return this.snapshot;
	}

	/**
	 * Returns the ids of every endpoint.
	 * @return the ids, in registration order
	 */
	public List<String> getEndpointIds() {
		return this.snapshot.stream().map(WalListenerEndpoint::getId).toList();
	}

}
