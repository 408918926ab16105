package dev.walstream.decode;

import java.util.Arrays;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable map from type OID to decoder, looked up without boxing the OID.
 */
final class OidTable {

	private final int[] oids;

	private final TypeDecoder[] decoders;

	OidTable(Map<Integer, TypeDecoder> entries) {
		this.oids = entries.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
		this.decoders = new TypeDecoder[this.oids.length];
		for (int i = 0; i < this.oids.length; i++) {
			this.decoders[i] = entries.get(this.oids[i]);
		}
	}

	@Nullable TypeDecoder get(int oid) {
		int i = Arrays.binarySearch(this.oids, oid);
		return (i >= 0) ? this.decoders[i] : null;
	}

}
