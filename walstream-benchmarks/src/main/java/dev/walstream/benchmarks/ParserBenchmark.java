package dev.walstream.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.walstream.protocol.LogicalReplicationMessage;
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
 * Parsing speed of the message structure, values left undecoded: one operation is one message.
 * Multiply the throughput by the mean message size printed at set-up for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {

	static final int BATCH = 1024;

	@Param
	Workloads workload;

	private ByteBuffer[] messages;

	private final LogicalReplicationParser parser = LogicalReplicationParser.withProtocolVersion(1);

	@Setup
	public void encode() {
		this.messages = this.workload.encode(BATCH);
		long bytes = 0;
		for (ByteBuffer message : this.messages) {
			bytes += message.remaining();
		}
		System.out.printf("%n%s: mean message size %.1f bytes%n", this.workload, (double) bytes / BATCH);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void parse(Blackhole blackhole) {
		for (ByteBuffer message : this.messages) {
			LogicalReplicationMessage parsed = this.parser.parse(message);
			blackhole.consume(parsed);
		}
	}

}
