package dev.walstream.decode;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * OIDs of PostgreSQL's built-in types, and which array type belongs to which element type.
 * <p>
 * The numbers are fixed in PostgreSQL's catalog ({@code pg_type.dat}) and have not changed
 * across the supported server versions (14 to 18); they are copied here rather than taken from
 * pgjdbc's internal {@code org.postgresql.core.Oid}. User-defined types (enums, domains,
 * composites, extension types) get OIDs of {@value #FIRST_NORMAL_OBJECT_ID} or more, which differ
 * from database to database: refer to those by name, see
 * {@link ValueDecoders#withDecoder(String, TypeDecoder)}.
 *
 * @since 0.1.0
 */
public final class PgTypeOids {

	/** Not a type: {@code InvalidOid}. */
	public static final int INVALID = 0;

	/** {@code bool}. */
	public static final int BOOL = 16;

	/** {@code bytea}. */
	public static final int BYTEA = 17;

	/** {@code "char"}, the single-byte internal type. */
	public static final int CHAR = 18;

	/** {@code name}. */
	public static final int NAME = 19;

	/** {@code int8} ({@code bigint}). */
	public static final int INT8 = 20;

	/** {@code int2} ({@code smallint}). */
	public static final int INT2 = 21;

	/** {@code int2vector}. */
	public static final int INT2VECTOR = 22;

	/** {@code int4} ({@code integer}). */
	public static final int INT4 = 23;

	/** {@code regproc}. */
	public static final int REGPROC = 24;

	/** {@code text}. */
	public static final int TEXT = 25;

	/** {@code oid}. */
	public static final int OID = 26;

	/** {@code tid}. */
	public static final int TID = 27;

	/** {@code xid}. */
	public static final int XID = 28;

	/** {@code cid}. */
	public static final int CID = 29;

	/** {@code oidvector}. */
	public static final int OIDVECTOR = 30;

	/** {@code json}. */
	public static final int JSON = 114;

	/** {@code xml}. */
	public static final int XML = 142;

	/** {@code point}. */
	public static final int POINT = 600;

	/** {@code lseg}. */
	public static final int LSEG = 601;

	/** {@code path}. */
	public static final int PATH = 602;

	/** {@code box}; the only built-in type whose arrays are delimited by {@code ';'}. */
	public static final int BOX = 603;

	/** {@code polygon}. */
	public static final int POLYGON = 604;

	/** {@code line}. */
	public static final int LINE = 628;

	/** {@code cidr}. */
	public static final int CIDR = 650;

	/** {@code float4} ({@code real}). */
	public static final int FLOAT4 = 700;

	/** {@code float8} ({@code double precision}). */
	public static final int FLOAT8 = 701;

	/** {@code unknown}, the type of untyped literals. */
	public static final int UNKNOWN = 705;

	/** {@code circle}. */
	public static final int CIRCLE = 718;

	/** {@code macaddr8}. */
	public static final int MACADDR8 = 774;

	/** {@code money}. */
	public static final int MONEY = 790;

	/** {@code macaddr}. */
	public static final int MACADDR = 829;

	/** {@code inet}. */
	public static final int INET = 869;

	/** {@code aclitem}. */
	public static final int ACLITEM = 1033;

	/** {@code bpchar} ({@code character(n)}). */
	public static final int BPCHAR = 1042;

	/** {@code varchar} ({@code character varying(n)}). */
	public static final int VARCHAR = 1043;

	/** {@code date}. */
	public static final int DATE = 1082;

	/** {@code time} ({@code time without time zone}). */
	public static final int TIME = 1083;

	/** {@code timestamp} ({@code timestamp without time zone}). */
	public static final int TIMESTAMP = 1114;

	/** {@code timestamptz} ({@code timestamp with time zone}). */
	public static final int TIMESTAMPTZ = 1184;

	/** {@code interval}. */
	public static final int INTERVAL = 1186;

	/** {@code timetz} ({@code time with time zone}). */
	public static final int TIMETZ = 1266;

	/** {@code bit}. */
	public static final int BIT = 1560;

	/** {@code varbit} ({@code bit varying}). */
	public static final int VARBIT = 1562;

	/** {@code numeric}. */
	public static final int NUMERIC = 1700;

	/** {@code refcursor}. */
	public static final int REFCURSOR = 1790;

	/** {@code regprocedure}. */
	public static final int REGPROCEDURE = 2202;

	/** {@code regoper}. */
	public static final int REGOPER = 2203;

	/** {@code regoperator}. */
	public static final int REGOPERATOR = 2204;

	/** {@code regclass}. */
	public static final int REGCLASS = 2205;

	/** {@code regtype}. */
	public static final int REGTYPE = 2206;

	/** {@code uuid}. */
	public static final int UUID = 2950;

	/** {@code txid_snapshot}. */
	public static final int TXID_SNAPSHOT = 2970;

	/** {@code pg_lsn}. */
	public static final int PG_LSN = 3220;

	/** {@code tsvector}. */
	public static final int TSVECTOR = 3614;

	/** {@code tsquery}. */
	public static final int TSQUERY = 3615;

	/** {@code gtsvector}. */
	public static final int GTSVECTOR = 3642;

	/** {@code regconfig}. */
	public static final int REGCONFIG = 3734;

	/** {@code regdictionary}. */
	public static final int REGDICTIONARY = 3769;

	/** {@code jsonb}. */
	public static final int JSONB = 3802;

	/** {@code int4range}. */
	public static final int INT4RANGE = 3904;

	/** {@code numrange}. */
	public static final int NUMRANGE = 3906;

	/** {@code tsrange}. */
	public static final int TSRANGE = 3908;

	/** {@code tstzrange}. */
	public static final int TSTZRANGE = 3910;

	/** {@code daterange}. */
	public static final int DATERANGE = 3912;

	/** {@code int8range}. */
	public static final int INT8RANGE = 3926;

	/** {@code jsonpath}. */
	public static final int JSONPATH = 4072;

	/** {@code regnamespace}. */
	public static final int REGNAMESPACE = 4089;

	/** {@code regrole}. */
	public static final int REGROLE = 4096;

	/** {@code regcollation}. */
	public static final int REGCOLLATION = 4191;

	/** {@code int4multirange}. */
	public static final int INT4MULTIRANGE = 4451;

	/** {@code nummultirange}. */
	public static final int NUMMULTIRANGE = 4532;

	/** {@code tsmultirange}. */
	public static final int TSMULTIRANGE = 4533;

	/** {@code tstzmultirange}. */
	public static final int TSTZMULTIRANGE = 4534;

	/** {@code datemultirange}. */
	public static final int DATEMULTIRANGE = 4535;

	/** {@code int8multirange}. */
	public static final int INT8MULTIRANGE = 4536;

	/** {@code pg_snapshot}. */
	public static final int PG_SNAPSHOT = 5038;

	/** {@code xid8}. */
	public static final int XID8 = 5069;

	/** {@code bool[]}. */
	public static final int BOOL_ARRAY = 1000;

	/** {@code bytea[]}. */
	public static final int BYTEA_ARRAY = 1001;

	/** {@code int2[]}. */
	public static final int INT2_ARRAY = 1005;

	/** {@code int4[]}. */
	public static final int INT4_ARRAY = 1007;

	/** {@code text[]}. */
	public static final int TEXT_ARRAY = 1009;

	/** {@code varchar[]}. */
	public static final int VARCHAR_ARRAY = 1015;

	/** {@code int8[]}. */
	public static final int INT8_ARRAY = 1016;

	/** {@code box[]}. */
	public static final int BOX_ARRAY = 1020;

	/** {@code float4[]}. */
	public static final int FLOAT4_ARRAY = 1021;

	/** {@code float8[]}. */
	public static final int FLOAT8_ARRAY = 1022;

	/** {@code timestamp[]}. */
	public static final int TIMESTAMP_ARRAY = 1115;

	/** {@code date[]}. */
	public static final int DATE_ARRAY = 1182;

	/** {@code timestamptz[]}. */
	public static final int TIMESTAMPTZ_ARRAY = 1185;

	/** {@code numeric[]}. */
	public static final int NUMERIC_ARRAY = 1231;

	/** {@code uuid[]}. */
	public static final int UUID_ARRAY = 2951;

	/** {@code json[]}. */
	public static final int JSON_ARRAY = 199;

	/** {@code jsonb[]}. */
	public static final int JSONB_ARRAY = 3807;

	/**
	 * The first OID the server hands out after initdb; every user-defined type has an OID of at
	 * least this value.
	 */
	public static final int FIRST_NORMAL_OBJECT_ID = 16384;

	// {element OID, array OID}: every built-in base, range and multirange type that has an array
	// type (pg_type.typarray), as listed by the server 15 catalog
	private static final int[][] ARRAYS = { { BOOL, 1000 }, { BYTEA, 1001 }, { CHAR, 1002 }, { NAME, 1003 },
			{ INT8, 1016 }, { INT2, 1005 }, { INT2VECTOR, 1006 }, { INT4, 1007 }, { REGPROC, 1008 }, { TEXT, 1009 },
			{ OID, 1028 }, { TID, 1010 }, { XID, 1011 }, { CID, 1012 }, { OIDVECTOR, 1013 }, { JSON, 199 },
			{ XML, 143 }, { POINT, 1017 }, { LSEG, 1018 }, { PATH, 1019 }, { BOX, 1020 }, { POLYGON, 1027 },
			{ LINE, 629 }, { CIDR, 651 }, { FLOAT4, 1021 }, { FLOAT8, 1022 }, { CIRCLE, 719 }, { MACADDR8, 775 },
			{ MONEY, 791 }, { MACADDR, 1040 }, { INET, 1041 }, { ACLITEM, 1034 }, { BPCHAR, 1014 }, { VARCHAR, 1015 },
			{ DATE, 1182 }, { TIME, 1183 }, { TIMESTAMP, 1115 }, { TIMESTAMPTZ, 1185 }, { INTERVAL, 1187 },
			{ TIMETZ, 1270 }, { BIT, 1561 }, { VARBIT, 1563 }, { NUMERIC, 1231 }, { REFCURSOR, 2201 },
			{ REGPROCEDURE, 2207 }, { REGOPER, 2208 }, { REGOPERATOR, 2209 }, { REGCLASS, 2210 }, { REGTYPE, 2211 },
			{ UUID, 2951 }, { TXID_SNAPSHOT, 2949 }, { PG_LSN, 3221 }, { TSVECTOR, 3643 }, { TSQUERY, 3645 },
			{ GTSVECTOR, 3644 }, { REGCONFIG, 3735 }, { REGDICTIONARY, 3770 }, { JSONB, 3807 }, { INT4RANGE, 3905 },
			{ NUMRANGE, 3907 }, { TSRANGE, 3909 }, { TSTZRANGE, 3911 }, { DATERANGE, 3913 }, { INT8RANGE, 3927 },
			{ JSONPATH, 4073 }, { REGNAMESPACE, 4090 }, { REGROLE, 4097 }, { REGCOLLATION, 4192 },
			{ INT4MULTIRANGE, 6150 }, { NUMMULTIRANGE, 6151 }, { TSMULTIRANGE, 6152 }, { TSTZMULTIRANGE, 6153 },
			{ DATEMULTIRANGE, 6155 }, { INT8MULTIRANGE, 6157 }, { PG_SNAPSHOT, 5039 }, { XID8, 271 } };

	private static final Object[][] NAMES = { { BOOL, "bool" }, { BYTEA, "bytea" }, { CHAR, "char" },
			{ NAME, "name" }, { INT8, "int8" }, { INT2, "int2" }, { INT2VECTOR, "int2vector" }, { INT4, "int4" },
			{ REGPROC, "regproc" }, { TEXT, "text" }, { OID, "oid" }, { TID, "tid" }, { XID, "xid" }, { CID, "cid" },
			{ OIDVECTOR, "oidvector" }, { JSON, "json" }, { XML, "xml" }, { POINT, "point" }, { LSEG, "lseg" },
			{ PATH, "path" }, { BOX, "box" }, { POLYGON, "polygon" }, { LINE, "line" }, { CIDR, "cidr" },
			{ FLOAT4, "float4" }, { FLOAT8, "float8" }, { UNKNOWN, "unknown" }, { CIRCLE, "circle" },
			{ MACADDR8, "macaddr8" }, { MONEY, "money" }, { MACADDR, "macaddr" }, { INET, "inet" },
			{ ACLITEM, "aclitem" }, { BPCHAR, "bpchar" }, { VARCHAR, "varchar" }, { DATE, "date" }, { TIME, "time" },
			{ TIMESTAMP, "timestamp" }, { TIMESTAMPTZ, "timestamptz" }, { INTERVAL, "interval" },
			{ TIMETZ, "timetz" }, { BIT, "bit" }, { VARBIT, "varbit" }, { NUMERIC, "numeric" },
			{ REFCURSOR, "refcursor" }, { REGPROCEDURE, "regprocedure" }, { REGOPER, "regoper" },
			{ REGOPERATOR, "regoperator" }, { REGCLASS, "regclass" }, { REGTYPE, "regtype" }, { UUID, "uuid" },
			{ TXID_SNAPSHOT, "txid_snapshot" }, { PG_LSN, "pg_lsn" }, { TSVECTOR, "tsvector" },
			{ TSQUERY, "tsquery" }, { GTSVECTOR, "gtsvector" }, { REGCONFIG, "regconfig" },
			{ REGDICTIONARY, "regdictionary" }, { JSONB, "jsonb" }, { INT4RANGE, "int4range" },
			{ NUMRANGE, "numrange" }, { TSRANGE, "tsrange" }, { TSTZRANGE, "tstzrange" },
			{ DATERANGE, "daterange" }, { INT8RANGE, "int8range" }, { JSONPATH, "jsonpath" },
			{ REGNAMESPACE, "regnamespace" }, { REGROLE, "regrole" }, { REGCOLLATION, "regcollation" },
			{ INT4MULTIRANGE, "int4multirange" }, { NUMMULTIRANGE, "nummultirange" },
			{ TSMULTIRANGE, "tsmultirange" }, { TSTZMULTIRANGE, "tstzmultirange" },
			{ DATEMULTIRANGE, "datemultirange" }, { INT8MULTIRANGE, "int8multirange" },
			{ PG_SNAPSHOT, "pg_snapshot" }, { XID8, "xid8" } };

	// sorted by array OID, for a binary search
	private static final int[] ARRAY_OIDS;

	private static final int[] ELEMENT_OF_ARRAY;

	private static final int[] NAMED_OIDS;

	private static final String[] NAMES_BY_OID;

	static {
		int[][] byArray = ARRAYS.clone();
		Arrays.sort(byArray, (a, b) -> Integer.compare(a[1], b[1]));
		ARRAY_OIDS = new int[byArray.length];
		ELEMENT_OF_ARRAY = new int[byArray.length];
		for (int i = 0; i < byArray.length; i++) {
			ARRAY_OIDS[i] = byArray[i][1];
			ELEMENT_OF_ARRAY[i] = byArray[i][0];
		}
		Object[][] byOid = NAMES.clone();
		Arrays.sort(byOid, (a, b) -> Integer.compare((Integer) a[0], (Integer) b[0]));
		NAMED_OIDS = new int[byOid.length];
		NAMES_BY_OID = new String[byOid.length];
		for (int i = 0; i < byOid.length; i++) {
			NAMED_OIDS[i] = (Integer) byOid[i][0];
			NAMES_BY_OID[i] = (String) byOid[i][1];
		}
	}

	private PgTypeOids() {
	}

	/**
	 * Returns the element type of a built-in array type.
	 * @param arrayOid the OID of a type
	 * @return the element type's OID, or {@link #INVALID} if {@code arrayOid} is not a built-in
	 * array type
	 */
	public static int elementOf(int arrayOid) {
		int i = Arrays.binarySearch(ARRAY_OIDS, arrayOid);
		return (i >= 0) ? ELEMENT_OF_ARRAY[i] : INVALID;
	}

	/**
	 * Returns the array type of a built-in type.
	 * @param elementOid the OID of a built-in type
	 * @return the OID of its array type, or {@link #INVALID} if it has none or is not built in
	 */
	public static int arrayOf(int elementOid) {
		for (int[] pair : ARRAYS) {
			if (pair[0] == elementOid) {
				return pair[1];
			}
		}
		return INVALID;
	}

	/**
	 * Returns whether an OID names one of the built-in array types.
	 * @param oid the OID of a type
	 * @return whether it is a built-in array type
	 */
	public static boolean isArray(int oid) {
		return elementOf(oid) != INVALID;
	}

	/**
	 * Returns the delimiter between the elements of an array's text form: {@code ';'} for
	 * {@code box}, {@code ','} for every other built-in type ({@code pg_type.typdelim}).
	 * @param elementOid the OID of the element type
	 * @return the delimiter
	 */
	public static char arrayDelimiter(int elementOid) {
		return (elementOid == BOX) ? ';' : ',';
	}

	/**
	 * Returns the OIDs of all built-in array types.
	 */
	static int[] arrayOids() {
		return ARRAY_OIDS.clone();
	}

	/**
	 * Returns the name of a type for messages: its catalog name if built in, else its OID.
	 */
	static String displayName(int oid) {
		String name = typeName(oid);
		return (name != null) ? name : "type " + Integer.toUnsignedString(oid);
	}

	/**
	 * Returns the catalog name of a built-in type, such as {@code int4} or {@code timestamptz},
	 * with {@code []} appended for array types, as used in error messages.
	 * @param oid the OID of a type
	 * @return the name, or {@code null} if the type is not one of those named here
	 */
	public static @Nullable String typeName(int oid) {
		int i = Arrays.binarySearch(NAMED_OIDS, oid);
		if (i >= 0) {
			return NAMES_BY_OID[i];
		}
		int element = elementOf(oid);
		if (element != INVALID) {
			return typeName(element) + "[]";
		}
		return null;
	}

}
