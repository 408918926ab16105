package dev.walstream.event;

import java.math.BigDecimal;
import java.util.List;

import dev.walstream.decode.ValueDecoders;
import dev.walstream.protocol.ColumnValue;
import dev.walstream.protocol.ReplicaIdentity;
import dev.walstream.protocol.TupleData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RowTest {

	private final RelationInfo relation = new RelationInfo(7, "public", "orders", ReplicaIdentity.FULL,
			List.of(new ColumnInfo("id", 23, -1, null, true), new ColumnInfo("note", 25, -1, null, false),
					new ColumnInfo("total", 1700, -1, null, false), new ColumnInfo("big", 25, -1, null, false)),
			ValueDecoders.defaults());

	@Test
	void getShouldDecodeByTypeAndKeepNullsApartFromUndecodedColumns() {
		Row row = new Row(this.relation, TupleData.of(ColumnValue.text("42"), ColumnValue.NULL, ColumnValue.text("9.50"),
				ColumnValue.text("x")), null);
		assertThat(row.get("id")).isEqualTo(42);
		assertThat(row.get("note")).isNull();
		assertThat(row.get("note")).isNull();
		assertThat(row.isNull("note")).isTrue();
		assertThat(row.get("total")).isEqualTo(new BigDecimal("9.50"));
		assertThat(row.asMap()).containsEntry("id", 42).containsEntry("note", null).containsEntry("big", "x");
		assertThat(row.columnNames()).containsExactly("id", "note", "total", "big");
	}

	@Test
	void getWithATypeShouldConvertNumbersWithoutLoss() {
		Row row = new Row(this.relation, TupleData.of(ColumnValue.text("42"), ColumnValue.text("n"),
				ColumnValue.text("9.50"), ColumnValue.NULL), null);
		assertThat(row.get("id", Long.class)).isEqualTo(42L);
		assertThat(row.get("id", String.class)).isEqualTo("42");
		assertThat(row.get("total", Double.class)).isEqualTo(9.5);
		assertThat(row.get("big", String.class)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> row.get("total", Integer.class))
			.withMessageContaining("cannot be converted");
		assertThatIllegalArgumentException().isThrownBy(() -> row.get("nope"))
			.withMessageContaining("no published column 'nope'");
	}

	@Test
	void unchangedToastShouldNeverReadAsNull() {
		TupleData newTuple = TupleData.of(ColumnValue.text("1"), ColumnValue.text("n"), ColumnValue.NULL,
				ColumnValue.UNCHANGED_TOAST);
		Row withoutOld = new Row(this.relation, newTuple, null);
		assertThat(withoutOld.isUnchangedToast("big")).isTrue();
		assertThat(withoutOld.get("big")).isSameAs(UnchangedToast.INSTANCE);
		assertThat(withoutOld.asMap()).containsEntry("big", UnchangedToast.INSTANCE);
		assertThatIllegalArgumentException().isThrownBy(() -> withoutOld.get("big", String.class))
			.withMessageContaining("unchanged TOAST");
		Row withOld = new Row(this.relation, newTuple,
				TupleData.of(ColumnValue.text("1"), ColumnValue.text("o"), ColumnValue.NULL, ColumnValue.text("large")));
		assertThat(withOld.isUnchangedToast("big")).isTrue();
		assertThat(withOld.get("big")).isEqualTo("large");
	}

}
