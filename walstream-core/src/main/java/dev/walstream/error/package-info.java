/**
 * The exceptions walstream throws, all unchecked and rooted at
 * {@link dev.walstream.error.ReplicationException}, which says whether a retry can help.
 */
@NullMarked
package dev.walstream.error;

import org.jspecify.annotations.NullMarked;
