package dev.walstream.decode;

import java.nio.charset.StandardCharsets;

/**
 * Decoders of {@code inet, cidr, macaddr, macaddr8, bit} and {@code varbit}: text values to the
 * {@link String} the output function printed, and binary values to the very same
 * {@link String}, so that the Java type does not change with the tuple format.
 */
final class NetworkDecoders {

	static final BuiltinDecoder INET = new InetDecoder("inet", false);

	static final BuiltinDecoder CIDR = new InetDecoder("cidr", true);

	static final BuiltinDecoder MACADDR = new MacaddrDecoder("macaddr", 6);

	static final BuiltinDecoder MACADDR8 = new MacaddrDecoder("macaddr8", 8);

	static final BuiltinDecoder BIT = new BitDecoder("bit");

	static final BuiltinDecoder VARBIT = new BitDecoder("varbit");

	// the server's PGSQL_AF_INET and PGSQL_AF_INET6
	private static final int FAMILY_INET = 2;

	private static final int FAMILY_INET6 = 3;

	private NetworkDecoders() {
	}

	private abstract static class AsciiDecoder extends BuiltinDecoder {

		AsciiDecoder(String typeName) {
			super(typeName);
		}

		@Override
		final Object text(byte[] data, int offset, int length) {
			return new String(data, offset, length, StandardCharsets.UTF_8);
		}

	}

	/**
	 * The binary form is family, mask bits, a cidr flag and the address length (a byte each), then
	 * the address. The text is that of the server's {@code network_out}: all four octets of an IPv4
	 * address, an IPv6 address with its longest run of zero groups shortened to {@code ::} and an
	 * embedded IPv4 address where one is recognised, and the mask unless it covers the whole
	 * address, which for {@code cidr} it always shows.
	 */
	private static final class InetDecoder extends AsciiDecoder {

		private final boolean cidr;

		InetDecoder(String typeName, boolean cidr) {
			super(typeName);
			this.cidr = cidr;
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			if (length < 4) {
				throw binaryError("has " + length + " bytes, fewer than the 4 of its header");
			}
			int family = data[offset];
			int bits = data[offset + 1] & 0xFF;
			int addressLength = data[offset + 3] & 0xFF;
			int maxBits;
			if (family == FAMILY_INET && addressLength == 4) {
				maxBits = 32;
			}
			else if (family == FAMILY_INET6 && addressLength == 16) {
				maxBits = 128;
			}
			else {
				throw binaryError("has address family " + family + " with an address of " + addressLength + " bytes");
			}
			checkBinaryLength(length, 4 + addressLength);
			if (bits > maxBits) {
				throw binaryError("has a mask of " + bits + " bits");
			}
			StringBuilder sb = new StringBuilder(48);
			if (maxBits == 32) {
				appendIpv4(sb, data, offset + 4);
			}
			else {
				appendIpv6(sb, data, offset + 4);
			}
			if (bits != maxBits || this.cidr) {
				sb.append('/').append(bits);
			}
			return sb.toString();
		}

		private static void appendIpv4(StringBuilder sb, byte[] data, int p) {
			sb.append(data[p] & 0xFF).append('.').append(data[p + 1] & 0xFF).append('.');
			sb.append(data[p + 2] & 0xFF).append('.').append(data[p + 3] & 0xFF);
		}

		/**
		 * As the server's {@code inet_net_ntop_ipv6} (from BIND).
		 */
		private static void appendIpv6(StringBuilder sb, byte[] data, int p) {
			int[] words = new int[8];
			for (int i = 0; i < 8; i++) {
				words[i] = Bytes.readUnsignedShort(data, p + 2 * i);
			}
			int bestBase = -1;
			int bestLength = 0;
			int currentBase = -1;
			int currentLength = 0;
			for (int i = 0; i < 8; i++) {
				if (words[i] == 0) {
					if (currentBase == -1) {
						currentBase = i;
						currentLength = 1;
					}
					else {
						currentLength++;
					}
				}
				else if (currentBase != -1) {
					if (bestBase == -1 || currentLength > bestLength) {
						bestBase = currentBase;
						bestLength = currentLength;
					}
					currentBase = -1;
				}
			}
			if (currentBase != -1 && (bestBase == -1 || currentLength > bestLength)) {
				bestBase = currentBase;
				bestLength = currentLength;
			}
			if (bestBase != -1 && bestLength < 2) {
				bestBase = -1;
			}
			for (int i = 0; i < 8; i++) {
				if (bestBase != -1 && i >= bestBase && i < bestBase + bestLength) {
					if (i == bestBase) {
						sb.append(':');
					}
					continue;
				}
				if (i != 0) {
					sb.append(':');
				}
				if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF))) {
					appendIpv4(sb, data, p + 12);
					return;
				}
				sb.append(Integer.toHexString(words[i]));
			}
			if (bestBase != -1 && bestBase + bestLength == 8) {
				sb.append(':');
			}
		}

	}

	/**
	 * Six or eight bytes, printed as lower-case hex pairs separated by colons.
	 */
	private static final class MacaddrDecoder extends AsciiDecoder {

		private final int size;

		MacaddrDecoder(String typeName, int size) {
			super(typeName);
			this.size = size;
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			checkBinaryLength(length, this.size);
			StringBuilder sb = new StringBuilder(3 * this.size);
			for (int i = 0; i < this.size; i++) {
				if (i > 0) {
					sb.append(':');
				}
				Bytes.appendHexByte(sb, data[offset + i]);
			}
			return sb.toString();
		}

	}

	/**
	 * A 32-bit count of bits, then the bits, most significant first, padded to whole bytes;
	 * printed as {@code 0}s and {@code 1}s.
	 */
	private static final class BitDecoder extends AsciiDecoder {

		BitDecoder(String typeName) {
			super(typeName);
		}

		@Override
		Object binary(byte[] data, int offset, int length) {
			if (length < 4) {
				throw binaryError("has " + length + " bytes, fewer than the 4 of its bit count");
			}
			int bits = Bytes.readInt(data, offset);
			if (bits < 0 || (bits + 7L) / 8 != length - 4) {
				throw binaryError("announces " + bits + " bits in " + (length - 4) + " bytes");
			}
			char[] chars = new char[bits];
			for (int i = 0; i < bits; i++) {
				int b = data[offset + 4 + (i >> 3)];
				chars[i] = ((b >> (7 - (i & 7))) & 1) != 0 ? '1' : '0';
			}
			return new String(chars);
		}

	}

}
