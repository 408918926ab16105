package dev.walstream.sample.shop;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Where the listeners report what they saw: each change is logged in one line, counted per
 * listener, and kept among the last {@value #RECENT} for {@code GET /changes}.
 *
 * @since 0.1.0
 */
@Component
public class ChangeLog {

	static final int RECENT = 100;

	private static final Logger logger = LoggerFactory.getLogger("dev.walstream.sample.changes");

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	private final Deque<String> recent = new ArrayDeque<>(RECENT);

	/**
	 * Log a change seen by a listener.
	 * @param listener the listener's id
	 * @param line what it saw, in one line
	 */
	void record(String listener, String line) {
		String entry = String.format("%-12s %s", "[" + listener + "]", line);
		logger.info(entry);
		this.counts.computeIfAbsent(listener, (id) -> new AtomicLong()).incrementAndGet();
		synchronized (this.recent) {
			if (this.recent.size() == RECENT) {
				this.recent.removeFirst();
			}
			this.recent.addLast(entry);
		}
	}

	/**
	 * Return how many changes each listener has seen.
	 * @return the counts by listener id
	 */
	public Map<String, Long> counts() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((listener, count) -> snapshot.put(listener, count.get()));
		return snapshot;
	}

	/**
	 * Return the last lines, oldest first.
	 * @return the lines
	 */
	public List<String> recent() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

}
