/**
 * Annotation-driven listeners: {@link dev.walstream.spring.annotation.WalListener @WalListener}, {@link dev.walstream.spring.annotation.EnableWalListeners @EnableWalListeners}
 * and the bean post-processor that turns annotated methods into endpoints.
 */
@NullMarked
package dev.walstream.spring.annotation;

import org.jspecify.annotations.NullMarked;
