package dev.walstream.decode;

/**
 * The server's {@code EncodeInterval} (src/backend/utils/adt/datetime.c, PostgreSQL 14–18) for each
 * {@code IntervalStyle}, so that tests can print any interval as the walsender would.
 */
enum IntervalStyle {

	POSTGRES {
		@Override
		String print(Fields f) {
			StringBuilder sb = new StringBuilder();
			boolean[] state = { true, false }; // is_zero, is_before
			postgresPart(sb, f.year, "year", state);
			postgresPart(sb, f.mon, "mon", state);
			postgresPart(sb, f.mday, "day", state);
			if (state[0] || f.hour != 0 || f.min != 0 || f.sec != 0 || f.fsec != 0) {
				boolean minus = f.hour < 0 || f.min < 0 || f.sec < 0 || f.fsec < 0;
				sb.append(state[0] ? "" : " ").append(minus ? "-" : (state[1] ? "+" : ""));
				sb.append(twoDigits(Math.abs(f.hour))).append(':').append(twoDigits(Math.abs(f.min))).append(':');
				appendSeconds(sb, f.sec, f.fsec, true);
			}
			return sb.toString();
		}
	},

	POSTGRES_VERBOSE {
		@Override
		String print(Fields f) {
			StringBuilder sb = new StringBuilder("@");
			boolean[] state = { true, false };
			verbosePart(sb, f.year, "year", state);
			verbosePart(sb, f.mon, "mon", state);
			verbosePart(sb, f.mday, "day", state);
			verbosePart(sb, f.hour, "hour", state);
			verbosePart(sb, f.min, "min", state);
			if (f.sec != 0 || f.fsec != 0) {
				sb.append(' ');
				if (f.sec < 0 || (f.sec == 0 && f.fsec < 0)) {
					if (state[0]) {
						state[1] = true;
					}
					else if (!state[1]) {
						sb.append('-');
					}
				}
				else if (state[1]) {
					sb.append('-');
				}
				appendSeconds(sb, f.sec, f.fsec, false);
				sb.append(" sec").append((Math.abs(f.sec) != 1 || f.fsec != 0) ? "s" : "");
				state[0] = false;
			}
			if (state[0]) {
				sb.append(" 0");
			}
			if (state[1]) {
				sb.append(" ago");
			}
			return sb.toString();
		}
	},

	SQL_STANDARD {
		@Override
		String print(Fields f) {
			boolean hasNegative = f.year < 0 || f.mon < 0 || f.mday < 0 || f.hour < 0 || f.min < 0 || f.sec < 0
					|| f.fsec < 0;
			boolean hasPositive = f.year > 0 || f.mon > 0 || f.mday > 0 || f.hour > 0 || f.min > 0 || f.sec > 0
					|| f.fsec > 0;
			boolean hasYearMonth = f.year != 0 || f.mon != 0;
			boolean hasDayTime = f.mday != 0 || f.hour != 0 || f.min != 0 || f.sec != 0 || f.fsec != 0;
			boolean hasDay = f.mday != 0;
			boolean standard = !(hasNegative && hasPositive) && !(hasYearMonth && hasDayTime);
			StringBuilder sb = new StringBuilder();
			Fields v = f;
			if (hasNegative && standard) {
				sb.append('-');
				v = new Fields(-f.year, -f.mon, -f.mday, -f.hour, -f.min, -f.sec, -f.fsec);
			}
			if (!hasNegative && !hasPositive) {
				sb.append('0');
			}
			else if (!standard) {
				char yearSign = (v.year < 0 || v.mon < 0) ? '-' : '+';
				char daySign = (v.mday < 0) ? '-' : '+';
				char secSign = (v.hour < 0 || v.min < 0 || v.sec < 0 || v.fsec < 0) ? '-' : '+';
				sb.append(yearSign).append(Math.abs(v.year)).append('-').append(Math.abs(v.mon)).append(' ');
				sb.append(daySign).append(Math.abs(v.mday)).append(' ').append(secSign).append(Math.abs(v.hour));
				sb.append(':').append(twoDigits(Math.abs(v.min))).append(':');
				appendSeconds(sb, v.sec, v.fsec, true);
			}
			else if (hasYearMonth) {
				sb.append(v.year).append('-').append(v.mon);
			}
			else if (hasDay) {
				sb.append(v.mday).append(' ').append(v.hour).append(':').append(twoDigits(v.min)).append(':');
				appendSeconds(sb, v.sec, v.fsec, true);
			}
			else {
				sb.append(v.hour).append(':').append(twoDigits(v.min)).append(':');
				appendSeconds(sb, v.sec, v.fsec, true);
			}
			return sb.toString();
		}
	},

	ISO_8601 {
		@Override
		String print(Fields f) {
			if (f.year == 0 && f.mon == 0 && f.mday == 0 && f.hour == 0 && f.min == 0 && f.sec == 0 && f.fsec == 0) {
				return "PT0S";
			}
			StringBuilder sb = new StringBuilder("P");
			isoPart(sb, f.year, 'Y');
			isoPart(sb, f.mon, 'M');
			isoPart(sb, f.mday, 'D');
			if (f.hour != 0 || f.min != 0 || f.sec != 0 || f.fsec != 0) {
				sb.append('T');
			}
			isoPart(sb, f.hour, 'H');
			isoPart(sb, f.min, 'M');
			if (f.sec != 0 || f.fsec != 0) {
				if (f.sec < 0 || f.fsec < 0) {
					sb.append('-');
				}
				appendSeconds(sb, f.sec, f.fsec, false);
				sb.append('S');
			}
			return sb.toString();
		}
	};

	/**
	 * Prints the fields as the server does in this style.
	 */
	abstract String print(Fields fields);

	/** The server's {@code pg_itm}: each field with the sign of its part of the interval. */
	record Fields(int year, int mon, int mday, long hour, int min, int sec, int fsec) {

		/** As {@code interval2itm}. */
		static Fields of(int months, int days, long micros) {
			long hour = micros / 3_600_000_000L;
			long rest = micros % 3_600_000_000L;
			int min = (int) (rest / 60_000_000L);
			rest %= 60_000_000L;
			return new Fields(months / 12, months % 12, days, hour, min, (int) (rest / 1_000_000L),
					(int) (rest % 1_000_000L));
		}

	}

	private static void postgresPart(StringBuilder sb, int value, String units, boolean[] state) {
		if (value == 0) {
			return;
		}
		sb.append(state[0] ? "" : " ").append((state[1] && value > 0) ? "+" : "").append(value).append(' ');
		sb.append(units).append((value != 1) ? "s" : "");
		state[1] = value < 0;
		state[0] = false;
	}

	private static void verbosePart(StringBuilder sb, long value, String units, boolean[] state) {
		if (value == 0) {
			return;
		}
		long shown = value;
		if (state[0]) {
			state[1] = value < 0;
			shown = Math.abs(value);
		}
		else if (state[1]) {
			shown = -value;
		}
		sb.append(' ').append(shown).append(' ').append(units).append((shown == 1) ? "" : "s");
		state[0] = false;
	}

	private static void isoPart(StringBuilder sb, long value, char units) {
		if (value != 0) {
			sb.append(value).append(units);
		}
	}

	private static void appendSeconds(StringBuilder sb, int sec, int fsec, boolean fillZeros) {
		sb.append(fillZeros ? twoDigits(Math.abs(sec)) : Integer.toString(Math.abs(sec)));
		if (fsec != 0) {
			String fraction = String.format("%06d", Math.abs(fsec)).replaceAll("0+$", "");
			sb.append('.').append(fraction);
		}
	}

	private static String twoDigits(long value) {
		return (value < 10) ? "0" + value : Long.toString(value);
	}

}
