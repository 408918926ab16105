/**
 * Typed change events: {@link dev.walstream.event.ChangeEvent} with its
 * {@link dev.walstream.event.EventType}, and {@link dev.walstream.event.Row}, a row image whose
 * values are decoded lazily.
 */
@NullMarked
package dev.walstream.event;

import org.jspecify.annotations.NullMarked;
