package dev.walstream.spring.listener;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableFilterTest {

	@Test
	void exactNameMatchesOnlyThatTable() {
		TableFilter filter = TableFilter.of(List.of("sales.orders"));
		assertThat(filter.matches("sales", "orders")).isTrue();
		assertThat(filter.matches("public", "orders")).isFalse();
		assertThat(filter.matches("sales", "orders_archive")).isFalse();
	}

	@Test
	void unqualifiedNameMeansPublicSchema() {
		TableFilter filter = TableFilter.of(List.of("orders"));
		assertThat(filter.matches("public", "orders")).isTrue();
		assertThat(filter.matches("sales", "orders")).isFalse();
		assertThat(filter.matches("orders")).isTrue();
	}

	@Test
	void wildcardMatchesWithinOneNameOnly() {
		TableFilter filter = TableFilter.of(List.of("sales.*", "*.audit_log", "public.order*"));
		assertThat(filter.matches("sales", "anything")).isTrue();
		assertThat(filter.matches("hr", "audit_log")).isTrue();
		assertThat(filter.matches("public", "order_lines")).isTrue();
		assertThat(filter.matches("public", "customers")).isFalse();
		assertThat(filter.matches("hr", "audit_log_old")).isFalse();
	}

	@Test
	void starOrNothingMatchesEveryTable() {
		assertThat(TableFilter.of(List.of("*")).matches("any", "table")).isTrue();
		assertThat(TableFilter.of(List.of()).matches("any", "table")).isTrue();
	}

	@Test
	void regexCharactersInNamesAreLiteral() {
		TableFilter filter = TableFilter.of(List.of("public.a+b*"));
		assertThat(filter.matches("public", "a+b_1")).isTrue();
		assertThat(filter.matches("public", "aab_1")).isFalse();
	}

	@Test
	void qualifiedNameOfTruncateIsSplitAtTheFirstDot() {
		TableFilter filter = TableFilter.of(List.of("sales.orders"));
		assertThat(filter.matches("sales.orders")).isTrue();
		assertThat(filter.matches("public.orders")).isFalse();
	}

	@Test
	void invalidPatternsAreRejectedWithThePattern() {
		assertThatIllegalArgumentException().isThrownBy(() -> TableFilter.of(List.of("a.b.c")))
			.withMessageContaining("'a.b.c'");
		assertThatIllegalArgumentException().isThrownBy(() -> TableFilter.of(List.of(" ")));
		assertThatIllegalArgumentException().isThrownBy(() -> TableFilter.of(List.of("sales.")));
	}

}
