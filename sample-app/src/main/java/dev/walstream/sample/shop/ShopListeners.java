package dev.walstream.sample.shop;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.EventType;
import dev.walstream.event.Operation;
import dev.walstream.event.Row;
import dev.walstream.spring.annotation.WalHeader;
import dev.walstream.spring.annotation.WalListener;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The shop's {@link WalListener @WalListener} methods, one for each kind of signature. Each logs
 * what it received in one line through the {@link ChangeLog}.
 *
 * <p>A listener that throws is retried, then the stream stops without acknowledging the
 * transaction ({@code walstream.listener.error-handling=stop}); it is delivered again on the next
 * start. These listeners only log, so they do not throw.
 *
 * @since 0.1.0
 */
@Component
public class ShopListeners {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
		.withZone(ZoneId.systemDefault());

	private final ChangeLog changes;

	public ShopListeners(ChangeLog changes) {
		this.changes = changes;
	}

	/**
	 * A typed record bound from the row, with headers: new and updated orders.
	 */
	@WalListener(id = "orders", tables = "public.orders", events = { Operation.INSERT, Operation.UPDATE })
	void onOrder(Order order, @WalHeader(WalHeader.Name.OPERATION) Operation operation,
			@WalHeader(WalHeader.Name.LSN) Lsn lsn) {
		String what = (operation == Operation.INSERT) ? "placed by" : order.status() + ", for";
		this.changes.record("orders", String.format("order %d %s %s: %s EUR (commit LSN %s)", order.id(), what,
				order.customer(), order.total(), lsn));
	}

	/**
	 * A filter by table and operation, with the whole event: stock updates, with the old row that
	 * {@code REPLICA IDENTITY FULL} puts in them.
	 */
	@WalListener(id = "stock", tables = "public.inventory", events = Operation.UPDATE)
	void onStockChange(ChangeEvent event) {
		EventType.Update update = (EventType.Update) event.eventType();
		Object before = (update.oldData() != null) ? update.oldData().get("on_hand") : "?";
		this.changes.record("stock", String.format("%s: %s -> %s on hand", update.newData().get("sku"), before,
				update.newData().get("on_hand")));
	}

	/**
	 * A filter by operation, with the row: archived orders. With the default replica identity a
	 * delete carries only the key, so the other columns are {@code NULL}.
	 */
	@WalListener(id = "archived", tables = "public.orders", events = Operation.DELETE)
	void onOrderArchived(Row oldRow) {
		this.changes.record("archived", "order " + oldRow.get("id") + " archived (a delete carries the key only)");
	}

	/**
	 * A whole transaction: every change of the shop's tables that committed together, in order.
	 */
	@WalListener(id = "transactions", tables = "public.*")
	void onTransaction(List<ChangeEvent> transaction, @WalHeader(WalHeader.Name.XID) long xid,
			@WalHeader(WalHeader.Name.COMMIT_TIME) @Nullable Instant commitTime) {
		Map<String, Integer> summary = new TreeMap<>();
		for (ChangeEvent event : transaction) {
			if (event.eventType() instanceof EventType.TableChange change) {
				summary.merge(event.operation() + " " + change.table(), 1, Integer::sum);
			}
		}
		this.changes.record("transactions", String.format("xid %d committed at %s: %d changes %s", xid,
				(commitTime != null) ? TIME.format(commitTime) : "?", transaction.size(), summary));
	}

	/**
	 * A logical decoding message, written in the order's transaction with
	 * {@code pg_logical_emit_message}: messages are not tied to tables and are received only when
	 * listed in {@code events}.
	 */
	@WalListener(id = "messages", events = Operation.MESSAGE)
	void onMessage(ChangeEvent event) {
		EventType.Message message = (EventType.Message) event.eventType();
		this.changes.record("messages", String.format("%s%s: %s", message.prefix(),
				message.transactional() ? "" : " (non-transactional)", message.contentAsString()));
	}

}
