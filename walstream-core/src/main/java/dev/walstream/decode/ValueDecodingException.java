package dev.walstream.decode;

import org.jspecify.annotations.Nullable;

/**
 * A column value whose bytes do not form a valid value of its type: a binary value of the wrong
 * length, a text value that does not parse, a length or count inside the value that points past
 * its end. Names the type and what is wrong; the value's bytes are deliberately left out of the
 * message, since column values may be personal data that must not reach the logs.
 *
 * @since 0.1.0
 */
public class ValueDecodingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** The name of the type whose value could not be decoded. */
	private final String typeName;

	/**
	 * Creates an exception for a value that could not be decoded.
	 * @param typeName the type's name, such as {@code int4} or {@code public.mood}
	 * @param reason what is wrong with the value, including its format (text or binary)
	 * @param cause the underlying failure, if any
	 */
	public ValueDecodingException(String typeName, String reason, @Nullable Throwable cause) {
		super("Cannot decode " + typeName + ": " + reason, cause);
		this.typeName = typeName;
	}

	/**
	 * Creates an exception for a value that could not be decoded.
	 * @param typeName the type's name, such as {@code int4} or {@code public.mood}
	 * @param reason what is wrong with the value, including its format (text or binary)
	 */
	public ValueDecodingException(String typeName, String reason) {
		this(typeName, reason, null);
	}

	/**
	 * Returns the name of the type whose value could not be decoded.
	 * @return the type name, such as {@code int4}, {@code int4[]} or {@code public.mood}
	 */
	public String getTypeName() {
		return this.typeName;
	}

}
