package dev.walstream.event;

/**
 * The value of a column that the server did not send because the change left its large (TOASTed)
 * value untouched. It is not {@code NULL}: the column keeps its previous value, which the event does
 * not know unless the table's replica identity is {@code FULL}.
 *
 * @since 0.1.0
 */
public enum UnchangedToast {

	/** The only value. */
	INSTANCE;

	@Override
	public String toString() {
		return "unchanged-toast";
	}

}
