package dev.walstream.sample.shop;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A row of {@code orders}, as walstream binds it for a listener: each component from the column of
 * the same name ({@code placed_at} to {@code placedAt}), {@code text} to the enum, {@code numeric} to
 * {@code BigDecimal}, {@code timestamptz} to {@code OffsetDateTime}.
 *
 * @param id the order's id
 * @param customer who placed it
 * @param status where it is
 * @param total what it costs
 * @param placedAt when it was placed
 * @since 0.1.0
 */
public record Order(long id, String customer, OrderStatus status, BigDecimal total, OffsetDateTime placedAt) {

}
