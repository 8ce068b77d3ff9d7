package io.clipizy.eventhub.live;

/** The close codes the hub uses (PROTOCOL.md): RFC 6455 ones where they fit, 4xxx private ones otherwise. */
public final class CloseCodes {
    /** The client sent nothing, not even a pong, within the idle timeout. */
    public static final int IDLE = 4000;
    /** The token the connection was opened with has expired: reconnect with a fresh one, then resume. */
    public static final int TOKEN_EXPIRED = 4001;
    /** The client read too slowly and its queue overflowed: reconnect and resume from the last cursors. */
    public static final int RESUME = 4002;
    /** The user already holds the most connections allowed. */
    public static final int TOO_MANY_CONNECTIONS = 4029;
    /** A client frame over the size limit (RFC 6455 "message too big"). */
    public static final int TOO_BIG = 1009;
    /** The replay store could not be read: reconnect later and resume. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }
}
