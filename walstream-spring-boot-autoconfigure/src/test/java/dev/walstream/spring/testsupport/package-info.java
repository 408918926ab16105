/**
 * Test fixtures: change events built without a server.
 */
@NullMarked
package dev.walstream.spring.testsupport;

import org.jspecify.annotations.NullMarked;
