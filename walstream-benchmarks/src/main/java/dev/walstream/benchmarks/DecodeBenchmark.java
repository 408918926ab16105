package dev.walstream.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.walstream.decode.ValueDecoders;
import dev.walstream.event.ChangeEventFactory;
import dev.walstream.event.EventType;
import dev.walstream.event.RelationCache;
import dev.walstream.event.Row;
import dev.walstream.protocol.LogicalReplicationParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the end-to-end consumer does per message once the bytes are in memory: parse, build the
 * event and its rows, and decode every column to its Java value ({@link Row#get(int)}), old row
 * images included. One operation is one message; text format.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

	static final int BATCH = 1024;

	@Param
	Workloads workload;

	private ByteBuffer[] messages;

	private final LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(1);

	private ChangeEventFactory events;

	@Setup
	public void encode() {
		this.messages = this.workload.encode(BATCH);
		RelationCache relations = new RelationCache(ValueDecoders.defaults());
		relations.register(this.workload.relation());
		this.events = new ChangeEventFactory(relations);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void parseAndDecodeEveryValue(Blackhole blackhole) {
		for (ByteBuffer message : this.messages) {
			EventType event = this.events.toEventType(this.parser.parse(message));
			if (event instanceof EventType.Insert insert) {
				decode(insert.data(), blackhole);
			}
			else if (event instanceof EventType.Update update) {
				if (update.oldData() != null) {
					decode(update.oldData(), blackhole);
				}
				decode(update.newData(), blackhole);
			}
		}
	}

	private static void decode(Row row, Blackhole blackhole) {
		for (int i = 0; i < row.size(); i++) {
			blackhole.consume(row.get(i));
		}
	}

}
