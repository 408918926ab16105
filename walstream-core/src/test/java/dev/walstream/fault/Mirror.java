package dev.walstream.fault;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.walstream.Lsn;
import dev.walstream.event.EventType;
import dev.walstream.event.Row;
import dev.walstream.testing.PostgresServer;

/**
 * The soak's replica of the {@code items} table, built from delivered changes the way an
 * application with its own store would: a transaction's changes are applied at its commit, and only
 * if its commit end LSN lies above the last one applied (deduplication by commit end LSN). An update
 * that leaves a TOAST value unchanged keeps the value the mirror has.
 *
 * <p>{@link #md5()} and {@link #sourceMd5(PostgresServer, String)} render both sides the same way,
 * {@code md5(string_agg(id:v:pad, ',' ORDER BY id))}, for an exact comparison. Used by one thread.
 */
final class Mirror {

	private final Map<Long, Item> items = new TreeMap<>();

	private final List<EventType> open = new ArrayList<>();

	private Lsn applied = Lsn.INVALID;

	private int transactionsApplied;

	private int repeatsSkipped;

	private int unchangedToast;

	void begin() {
		this.open.clear();
	}

	void change(EventType change) {
		this.open.add(change);
	}

	/**
	 * Applies the open transaction if it is new.
	 * @param endLsn its commit end LSN
	 */
	void commit(Lsn endLsn) {
		if (!endLsn.isAfter(this.applied)) {
			this.repeatsSkipped++;
			this.open.clear();
			return;
		}
		for (EventType change : this.open) {
			apply(change);
		}
		this.open.clear();
		this.applied = endLsn;
		this.transactionsApplied++;
	}

	/** @return the commit end LSN of the last transaction applied: the application's own position */
	Lsn applied() {
		return this.applied;
	}

	private void apply(EventType change) {
		if (change instanceof EventType.Insert insert) {
			Row row = insert.data();
			this.items.put(row.get("id", Long.class), new Item(row.get("v", Long.class), row.get("pad", String.class)));
		}
		else if (change instanceof EventType.Update update) {
			Row row = update.newData();
			long id = row.get("id", Long.class);
			String pad;
			if (row.isUnchangedToast("pad")) {
				this.unchangedToast++;
				Item before = this.items.get(id);
				pad = (before != null) ? before.pad() : "<unchanged TOAST value of an item the mirror does not have>";
			}
			else {
				pad = row.get("pad", String.class);
			}
			this.items.put(id, new Item(row.get("v", Long.class), pad));
		}
		else if (change instanceof EventType.Delete delete) {
			this.items.remove(delete.oldData().get("id", Long.class));
		}
	}

	String md5() {
		StringBuilder text = new StringBuilder();
		this.items.forEach((id, item) -> {
			if (!text.isEmpty()) {
				text.append(',');
			}
			text.append(id).append(':').append(item.v()).append(':').append(item.pad());
		});
		return this.items.isEmpty() ? "empty" : md5(text.toString());
	}

	static String sourceMd5(PostgresServer server, String database) {
		String md5 = server.queryForString(database,
				"SELECT md5(string_agg(id || ':' || v || ':' || pad, ',' ORDER BY id)) FROM items");
		return (md5 != null) ? md5 : "empty";
	}

	/**
	 * Describes the first differences from the source, for a failure message.
	 * @param server the server
	 * @param database the database
	 * @return the differences, at most ten
	 */
	String differences(PostgresServer server, String database) {
		Map<Long, Item> source = new TreeMap<>();
		try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, v, pad FROM items")) {
			while (rows.next()) {
				source.put(rows.getLong(1), new Item(rows.getLong(2), rows.getString(3)));
			}
		}
		catch (SQLException ex) {
			return "source unreadable: " + ex;
		}
		List<String> differences = new ArrayList<>();
		TreeMap<Long, Item> all = new TreeMap<>(source);
		all.putAll(this.items);
		for (Long id : all.keySet()) {
			if (!Objects.equals(source.get(id), this.items.get(id)) && differences.size() < 10) {
				differences.add("item " + id + ": source " + source.get(id) + ", mirror " + this.items.get(id));
			}
		}
		return differences.toString();
	}

	int size() {
		return this.items.size();
	}

	@Override
	public String toString() {
		return this.items.size() + " items from " + this.transactionsApplied + " transactions, " + this.repeatsSkipped
				+ " repeats skipped by end LSN, " + this.unchangedToast + " unchanged TOAST values kept";
	}

	private static String md5(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
			return String.format("%032x", new BigInteger(1, digest));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Item(long v, String pad) {

		@Override
		public String toString() {
			return "v=" + this.v + " pad=" + ((this.pad.length() > 12) ? this.pad.substring(0, 12) + "...(" + this.pad.length()
					+ ")" : this.pad);
		}

	}

}
