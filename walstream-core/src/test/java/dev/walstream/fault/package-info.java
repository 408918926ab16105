/**
 * The fault-injection suite: real PostgreSQL servers stopped, crashed, cut off and failed over to a
 * promoted standby, walsenders terminated, consumer JVMs killed, a TCP proxy that stalls and resets connections, and a fake
 * walsender that sends malformed bytes, each scenario checked for exactness against what the
 * database committed.
 *
 * <p>
 * {@link dev.walstream.fault.Ledger} writes the load and {@link dev.walstream.fault.DeliveryLog}
 * checks what a consumer received against it; {@link dev.walstream.fault.FaultProxy} and
 * {@link dev.walstream.fault.FakeWalsender} inject network and protocol faults. The scenarios and
 * their results are listed in {@code RELIABILITY.md} at the root of the repository.
 */
@NullMarked
package dev.walstream.fault;

import org.jspecify.annotations.NullMarked;
