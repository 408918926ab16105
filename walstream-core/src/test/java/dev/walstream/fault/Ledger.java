package dev.walstream.fault;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.walstream.testing.PostgresServer;
import org.jspecify.annotations.Nullable;

/**
 * The load of a fault scenario and its ground truth: one writer thread commits transactions of
 * {@code rowsPerTransaction} rows into the published table {@code ledger}, each row with a unique
 * {@code seq} and the number of its transaction, seqs increasing with the commit order. A commit
 * whose outcome is unknown (the connection died during it) is only counted as indeterminate: what
 * the database holds at the end is the truth, read back by {@link #truth()}.
 *
 * <p>The writer survives the server going away: it reconnects and carries on with fresh seqs, on
 * the same server or, after a failover, on the one it was {@linkplain #moveTo moved to}.
 */
final class Ledger implements AutoCloseable {

	static final String SCHEMA = "CREATE TABLE ledger (seq bigint PRIMARY KEY, tx int NOT NULL, pad text NOT NULL);"
			+ "CREATE PUBLICATION pub FOR TABLE ledger;";

	private volatile PostgresServer server;

	private final String database;

	private final int rowsPerTransaction;

	private final Duration pause;

	private final Set<Integer> committed = ConcurrentHashMap.newKeySet();

	private final AtomicInteger indeterminate = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private volatile boolean stopping;

	private @Nullable Thread writer;

	private int nextTransaction = 1;

	private final LazyConnection connection;

	/**
	 * Creates a database of the caller's own with the {@link #SCHEMA}.
	 * @param server the server
	 * @return the database's name
	 */
	static String createDatabase(PostgresServer server) {
		String database = server.createDatabase();
		server.execute(database, SCHEMA);
		return database;
	}

	/**
	 * Creates a ledger for a database whose schema was created with {@link #SCHEMA}.
	 * @param server the server
	 * @param database the database
	 * @param rowsPerTransaction rows a transaction
	 * @param pause pause between transactions, to pace the load
	 */
	Ledger(PostgresServer server, String database, int rowsPerTransaction, Duration pause) {
		this.server = server;
		this.database = database;
		this.connection = new LazyConnection(() -> this.server, database, true);
		this.rowsPerTransaction = rowsPerTransaction;
		this.pause = pause;
	}

	/** Starts writing in a background thread until {@link #stop()}. */
	void start() {
		Thread thread = new Thread(() -> {
			while (!this.stopping) {
				writeOne();
				if (!this.pause.isZero()) {
					// pacing the load, not synchronisation
					LockSupport.parkNanos(this.pause.toNanos());
				}
			}
		}, "ledger-writer");
		thread.setDaemon(true);
		this.writer = thread;
		thread.start();
	}

	/**
	 * Writes transactions in the calling thread.
	 * @param count how many to attempt
	 */
	void write(int count) {
		for (int i = 0; i < count; i++) {
			writeOne();
		}
	}

	/** Stops the writer thread and waits for it (at most 30 s). */
	void stop() {
		this.stopping = true;
		Thread thread = this.writer;
		if (thread != null) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (thread.isAlive()) {
				throw new IllegalStateException("The ledger writer did not stop");
			}
		}
		this.connection.close();
	}

	/**
	 * Sends the writer's next connections, and {@link #truth()}, to another server, such as a
	 * promoted standby; a connection to the old server fails on its own when that server goes away.
	 * @param newServer the server to write to from now on
	 */
	void moveTo(PostgresServer newServer) {
		this.server = newServer;
	}

	/** @return transactions known to be committed */
	int committed() {
		return this.committed.size();
	}

	/**
	 * Returns the transactions whose commit succeeded but that the database does not hold: after a
	 * failover, those the old primary committed and the standby never received.
	 * @param truth what the database holds, from {@link #truth()}
	 * @return their numbers, ascending
	 */
	List<Integer> committedButMissing(Map<Integer, List<Long>> truth) {
		return this.committed.stream().filter((tx) -> !truth.containsKey(tx)).sorted().toList();
	}

	/** @return transactions whose commit may or may not have happened */
	int indeterminate() {
		return this.indeterminate.get();
	}

	/** @return transactions that failed before they were sent, for example while the server was down */
	int failed() {
		return this.failed.get();
	}

	private void writeOne() {
		int tx = this.nextTransaction++;
		long first = (long) (tx - 1) * this.rowsPerTransaction + 1;
		long last = first + this.rowsPerTransaction - 1;
		Connection current;
		try {
			current = this.connection.get();
		}
		catch (SQLException ex) {
			this.failed.incrementAndGet();
			// the server is down: wait a little before trying again (pacing, not synchronisation)
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			return;
		}
		try (Statement statement = current.createStatement()) {
			statement.execute("INSERT INTO ledger SELECT g, " + tx + ", md5(g::text) FROM generate_series(" + first + ", "
					+ last + ") g");
			this.committed.add(tx);
		}
		catch (SQLException ex) {
			this.indeterminate.incrementAndGet();
			this.connection.close();
		}
	}



	@Override
	public void close() {
		stop();
	}

	/**
	 * Reads what the database holds: each committed transaction's seqs, in commit order.
	 * @return transaction number to its seqs, ordered by transaction number (the commit order of
	 * the single writer)
	 */
	Map<Integer, List<Long>> truth() {
		Map<Integer, List<Long>> transactions = new LinkedHashMap<>();
		try (Connection reader = this.server.connect(this.database); Statement statement = reader.createStatement();
				ResultSet rows = statement.executeQuery("SELECT tx, seq FROM ledger ORDER BY tx, seq")) {
			while (rows.next()) {
				transactions.computeIfAbsent(rows.getInt(1), (key) -> new ArrayList<>()).add(rows.getLong(2));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Reading the ledger failed", ex);
		}
		return transactions;
	}

}
