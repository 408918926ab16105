/**
 * Adapts annotated methods to endpoints: argument resolution, including binding rows to records
 * and POJOs.
 */
@NullMarked
package dev.walstream.spring.listener.adapter;

import org.jspecify.annotations.NullMarked;
