package dev.walstream.spring.listener.adapter;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.walstream.Lsn;
import dev.walstream.event.ChangeEvent;
import dev.walstream.event.Operation;
import dev.walstream.event.RelationInfo;
import dev.walstream.event.Row;
import dev.walstream.spring.annotation.WalHeader;
import dev.walstream.spring.listener.WalInvocation;
import dev.walstream.spring.listener.WalListenerEndpoint;
import dev.walstream.spring.testsupport.Events;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WalListenerMethodAdapterTest {

	private static final Set<Operation> ROWS = WalListenerEndpoint.DEFAULT_OPERATIONS;

	private final RelationInfo orders = Events.orders("public", "orders");

	private final Listeners listeners = new Listeners();

	private final ChangeEvent insert = Events.insert(7, 100, 1, Events.row(this.orders, "42", "Ada", "3"));

	@Test
	void changeEventAndRowParametersReceiveTheEventAndItsRow() throws Exception {
		adapter("eventAndRow", ROWS).invoke(WalInvocation.of(this.insert));
		assertThat(this.listeners.received).containsExactly(this.insert, this.insert.eventType() instanceof
				dev.walstream.event.EventType.Insert insert ? insert.data() : null);
	}

	@Test
	void rowOfDeleteIsTheOldRowAndOfUpdateTheNewRow() throws Exception {
		Row oldRow = Events.row(this.orders, "42", "Ada", "3");
		Row newRow = Events.row(this.orders, "42", "Ada", "4");
		WalListenerMethodAdapter adapter = adapter("row", ROWS);
		adapter.invoke(WalInvocation.of(Events.update(7, 100, 1, oldRow, newRow)));
		adapter.invoke(WalInvocation.of(Events.delete(7, 100, 2, oldRow)));
		assertThat(this.listeners.received).containsExactly(newRow, oldRow);
	}

	@Test
	void recordIsBoundFromSnakeCaseColumnsWithConversion() throws Exception {
		adapter("record", ROWS).invoke(WalInvocation.of(this.insert));
		assertThat(this.listeners.received).containsExactly(new Order(42L, "Ada", 3L, null));
	}

	@Test
	void pojoIsBoundThroughSetters() throws Exception {
		adapter("pojo", ROWS).invoke(WalInvocation.of(this.insert));
		assertThat(this.listeners.received).singleElement().isInstanceOfSatisfying(OrderBean.class, (bean) -> {
			assertThat(bean.getId()).isEqualTo(42);
			assertThat(bean.getCustomerName()).isEqualTo("Ada");
		});
	}

	@Test
	void nullColumnForPrimitiveComponentFailsTheInvocation() {
		WalListenerMethodAdapter adapter = adapter("primitive", ROWS);
		ChangeEvent withNull = Events.insert(7, 100, 1, Events.row(this.orders, "42", "Ada", null));
		assertThatException().isThrownBy(() -> adapter.invoke(WalInvocation.of(withNull)))
			.withMessageContaining("NULL column 'quantity'");
	}

	@Test
	void headersReceiveMetadata() throws Exception {
		adapter("headers", ROWS).invoke(WalInvocation.of(this.insert));
		assertThat(this.listeners.received).containsExactly(Lsn.of(100), 7L, Events.COMMIT_TIME, "public.orders",
				Operation.INSERT);
	}

	@Test
	void listOfChangeEventsMakesTheMethodTransactional() throws Exception {
		WalListenerMethodAdapter adapter = adapter("transaction", ROWS);
		assertThat(adapter.isTransactional()).isTrue();
		adapter.invoke(WalInvocation.ofTransaction(List.of(this.insert)));
		assertThat(this.listeners.received).containsExactly(List.of(this.insert), 7L);
	}

	@Test
	void exceptionFromTheMethodIsRethrownUnwrapped() {
		WalListenerMethodAdapter adapter = adapter("failing", ROWS);
		assertThatException().isThrownBy(() -> adapter.invoke(WalInvocation.of(this.insert)))
			.isExactlyInstanceOf(java.io.IOException.class)
			.withMessage("disk full");
	}

	@Test
	void nonVoidMethodIsRejectedWithItsName() {
		assertThatIllegalStateException().isThrownBy(() -> adapter("returnsValue", ROWS))
			.withMessageContaining("Listeners.returnsValue")
			.withMessageContaining("must return void");
	}

	@Test
	void unsupportedParameterTypeIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> adapter("string", ROWS))
			.withMessageContaining("parameter 0 (String)")
			.withMessageContaining("not a type walstream can resolve");
	}

	@Test
	void rowParameterWithTruncatesIsRejected() {
		assertThatIllegalStateException()
			.isThrownBy(() -> adapter("row", EnumSet.of(Operation.INSERT, Operation.TRUNCATE)))
			.withMessageContaining("a row is only available for INSERT, UPDATE and DELETE");
		assertThatIllegalStateException()
			.isThrownBy(() -> adapter("record", EnumSet.of(Operation.MESSAGE)))
			.withMessageContaining("a row is only available");
	}

	@Test
	void headerWithWrongTypeIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> adapter("wrongHeaderType", ROWS))
			.withMessageContaining("@WalHeader(LSN) needs a parameter of type Lsn");
	}

	@Test
	void perEventParameterInTransactionalMethodIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> adapter("transactionWithEvent", ROWS))
			.withMessageContaining("receives whole transactions");
		assertThatIllegalStateException().isThrownBy(() -> adapter("transactionWithTable", ROWS))
			.withMessageContaining("@WalHeader(TABLE) differs from event to event");
	}

	@Test
	void typeWithoutDefaultConstructorIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> adapter("noDefaultConstructor", ROWS))
			.withMessageContaining("needs to be a record or have a constructor without parameters");
	}

	private WalListenerMethodAdapter adapter(String name, Set<Operation> operations) {
		Method method = ReflectionUtils.findMethod(Listeners.class, name, (Class<?>[]) null);
		assertThat(method).as(name).isNotNull();
		return WalListenerMethodAdapter.create(this.listeners, method, operations);
	}

	record Order(long id, String customerName, Long quantity, String missing) {
	}

	record Counted(long id, int quantity) {
	}

	static class OrderBean {

		private int id;

		private String customerName;

		public int getId() {
			return this.id;
		}

		public void setId(int id) {
			this.id = id;
		}

		public String getCustomerName() {
			return this.customerName;
		}

		public void setCustomerName(String customerName) {
			this.customerName = customerName;
		}

	}

	static class Immutable {

		Immutable(long id) {
		}

		public void setId(long id) {
		}

	}

	static class Listeners {

		final List<Object> received = new ArrayList<>();

		void eventAndRow(ChangeEvent event, Row row) {
			this.received.add(event);
			this.received.add(row);
		}

		void row(Row row) {
			this.received.add(row);
		}

		void record(Order order) {
			this.received.add(order);
		}

		void pojo(OrderBean order) {
			this.received.add(order);
		}

		void primitive(Counted counted) {
			this.received.add(counted);
		}

		void headers(@WalHeader(WalHeader.Name.LSN) Lsn lsn, @WalHeader(WalHeader.Name.XID) long xid,
				@WalHeader(WalHeader.Name.COMMIT_TIME) Instant commitTime, @WalHeader(WalHeader.Name.TABLE) String table,
				@WalHeader(WalHeader.Name.OPERATION) Operation operation) {
			this.received.addAll(List.of(lsn, xid, commitTime, table, operation));
		}

		void transaction(List<ChangeEvent> events, @WalHeader(WalHeader.Name.XID) Long xid) {
			this.received.add(events);
			this.received.add(xid);
		}

		void failing(ChangeEvent event) throws java.io.IOException {
			throw new java.io.IOException("disk full");
		}

		String returnsValue(ChangeEvent event) {
			return "";
		}

		void string(String value) {
		}

		void wrongHeaderType(@WalHeader(WalHeader.Name.LSN) String lsn) {
		}

		void transactionWithEvent(List<ChangeEvent> events, ChangeEvent event) {
		}

		void transactionWithTable(List<ChangeEvent> events, @WalHeader(WalHeader.Name.TABLE) String table) {
		}

		void noDefaultConstructor(Immutable immutable) {
		}

	}

}
