package dev.walstream.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import dev.walstream.testing.PostgresServer;
import org.jspecify.annotations.Nullable;

/**
 * The soak's load: one writer thread commits a random mix of transactions, each with at least one
 * row in the {@link Ledger}'s table (so that the {@link DeliveryLog} can name every transaction) and
 * inserts, updates and deletes of {@code items}, whose end state the {@link Mirror} must reproduce:
 * <ul>
 * <li>small transactions: a few ledger rows, a few item changes;</li>
 * <li>large ones: thousands of ledger rows and an update of a fifth of the items, well past the
 * server's {@code logical_decoding_work_mem}, so that they are streamed before they commit;</li>
 * <li>large ones with {@code ROLLBACK TO SAVEPOINT} in the middle, whose rolled-back rows must never
 * be delivered;</li>
 * <li>large ones that roll back altogether;</li>
 * <li>items with values too large to stay in the row (TOAST), later updated without touching
 * them, which pgoutput sends as "unchanged".</li>
 * </ul>
 * Seqs increase with the commit order, as in the {@link Ledger}; what the database holds at the end
 * is the truth. The writer survives the server going away.
 */
final class SoakWriter implements AutoCloseable {

	/** The ledger, the items and a publication of both. */
	static final String SCHEMA = "CREATE TABLE ledger (seq bigint PRIMARY KEY, tx int NOT NULL, pad text NOT NULL);"
			+ "CREATE TABLE items (id bigint PRIMARY KEY, v bigint NOT NULL, pad text NOT NULL);"
			+ "CREATE PUBLICATION pub FOR TABLE ledger, items;";

	private static final int MAX_LAG = 200;

	private final SplittableRandom random;

	private final IntSupplier delivered;

	private final AtomicInteger committed = new AtomicInteger();

	private final AtomicInteger large = new AtomicInteger();

	private final AtomicInteger savepoints = new AtomicInteger();

	private final AtomicInteger rolledBack = new AtomicInteger();

	private final AtomicInteger indeterminate = new AtomicInteger();

	private volatile boolean stopping;

	private @Nullable Thread thread;

	private final LazyConnection connection;

	private int nextTransaction = 1;

	private long nextSeq = 1;

	private long nextItem = 1;

	/**
	 * Creates a writer.
	 * @param server the server
	 * @param database a database with the {@link #SCHEMA}
	 * @param random the source of every choice
	 * @param delivered how many transactions the consumer has received so far: the writer waits
	 * while it is more than {@value #MAX_LAG} transactions ahead, so that the load fits two cores and
	 * the consumer catches up within seconds at the end
	 */
	SoakWriter(PostgresServer server, String database, SplittableRandom random, IntSupplier delivered) {
		this.connection = new LazyConnection(() -> server, database, false);
		this.random = random;
		this.delivered = delivered;
	}

	void start() {
		Thread writer = new Thread(() -> {
			while (!this.stopping) {
				while (this.committed.get() - this.delivered.getAsInt() > MAX_LAG && !this.stopping) {
					// back-pressure: the consumer is far behind
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
				}
				writeOne();
				// pacing the load, not synchronisation
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
			}
		}, "soak-writer");
		writer.setDaemon(true);
		this.thread = writer;
		writer.start();
	}

	/** Stops the writer and waits for it (at most 60 s). */
	void stop() throws InterruptedException {
		this.stopping = true;
		Thread writer = this.thread;
		if (writer != null) {
			writer.join(TimeUnit.SECONDS.toMillis(60));
			if (writer.isAlive()) {
				throw new IllegalStateException("The soak writer did not stop");
			}
		}
		this.connection.close();
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private void writeOne() {
		Connection current;
		try {
			current = this.connection.get();
		}
		catch (SQLException ex) {
			// the server is down: try again a little later (pacing, not synchronisation)
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			return;
		}
		int tx = this.nextTransaction++;
		int kind = this.random.nextInt(100);
		boolean commit = true;
		try (Statement statement = current.createStatement()) {
			if (kind < 82) {
				ledger(statement, tx, 1 + this.random.nextInt(5), false);
				itemChanges(statement, this.random.nextInt(4));
			}
			else if (kind < 89) {
				this.large.incrementAndGet();
				ledger(statement, tx, 1_000 + this.random.nextInt(1_000), true);
				statement.execute("UPDATE items SET v = v + 1 WHERE id % 5 = " + this.random.nextInt(5));
				itemChanges(statement, 5);
			}
			else if (kind < 95) {
				this.savepoints.incrementAndGet();
				ledger(statement, tx, 600 + this.random.nextInt(600), true);
				statement.execute("SAVEPOINT s");
				ledger(statement, tx, 600, true);
				itemChanges(statement, 5);
				statement.execute("ROLLBACK TO SAVEPOINT s");
				ledger(statement, tx, 1 + this.random.nextInt(500), true);
				itemChanges(statement, 3);
			}
			else {
				commit = false;
				ledger(statement, tx, 1_000 + this.random.nextInt(1_000), true);
				itemChanges(statement, 5);
			}
			if (commit) {
				current.commit();
				this.committed.incrementAndGet();
			}
			else {
				current.rollback();
				this.rolledBack.incrementAndGet();
			}
		}
		catch (SQLException ex) {
			// cut off: committed or not, the database knows
			this.indeterminate.incrementAndGet();
			this.connection.close();
		}
	}

	private void ledger(Statement statement, int tx, int rows, boolean wide) throws SQLException {
		long first = this.nextSeq;
		long last = first + rows - 1;
		this.nextSeq = last + 1;
		String pad = wide ? "repeat(md5(g::text), 3)" : "md5(g::text)";
		statement.execute("INSERT INTO ledger SELECT g, " + tx + ", " + pad + " FROM generate_series(" + first + ", " + last
				+ ") g");
	}

	private void itemChanges(Statement statement, int count) throws SQLException {
		for (int i = 0; i < count; i++) {
			int what = this.random.nextInt(10);
			long existing = 1 + this.random.nextLong(this.nextItem);
			if (what < 4 || this.nextItem < 10) {
				long id = this.nextItem++;
				// now and then a value too large to stay in the row: it goes to TOAST
				String pad = (this.random.nextInt(10) == 0)
						? "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 200))" : "md5(random()::text)";
				statement.execute("INSERT INTO items VALUES (" + id + ", 0, " + pad + ")");
			}
			else if (what < 8) {
				// pad untouched: an item in TOAST comes as an unchanged value
				statement.execute("UPDATE items SET v = v + 1 WHERE id = " + existing);
			}
			else if (what < 9) {
				statement.execute("UPDATE items SET pad = md5(pad) WHERE id = " + existing);
			}
			else {
				statement.execute("DELETE FROM items WHERE id = " + existing);
			}
		}
	}



	@Override
	public String toString() {
		return "committed " + this.committed + " (large " + this.large + ", with a rolled-back savepoint "
				+ this.savepoints + "), rolled back " + this.rolledBack + ", indeterminate " + this.indeterminate;
	}

}
