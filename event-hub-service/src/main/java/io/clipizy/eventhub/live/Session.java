package io.clipizy.eventhub.live;

import io.clipizy.eventhub.domain.ReplayEvent;
import io.clipizy.eventhub.domain.StreamHead;
import io.clipizy.eventhub.domain.StreamKey;
import io.clipizy.eventhub.domain.StreamKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One live connection: its owner, the streams it follows and, for each, the last cursor delivered. Every event frame
 * goes out with cursor {@code last + 1}: an announcement that skips ahead (a missed notification, or an event too big
 * to be announced with its payload) makes the connection read the missing events from the replay store first, and
 * announcements at or below {@code last} are dropped — so resume and live delivery never duplicate or reorder.
 * All state changes and writes happen under the session's lock, so frames leave in the order they were decided.
 */
public final class Session {
    private static final Logger LOG = Logger.getLogger(Session.class);
    static final int PAGE = 500;

    /** Where the session's frames go: a WebSocket connection, or a test's recorder. */
    public interface Outbound {
        /** Writes one text frame, calling {@code written} once it has left (or failed to). */
        void send(String frame, Runnable written);

        void close(int code, String reason);
    }

    /** Limits applied to one session. */
    public record Limits(int maxSubscriptions, int maxPendingFrames, int maxFrameBytes) {
    }

    /** One followed stream. {@code filling}: a read of the store is running; {@code stale}: announced since it started. */
    private static final class Subscription {
        long last;
        long head;
        boolean filling = true;
        boolean stale;
    }

    private final String id;
    private final String userId;
    private final Outbound out;
    private final LiveStore store;
    private final LiveMetrics metrics;
    private final Limits limits;
    private final Map<StreamKey, Subscription> subscriptions = new HashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long lastSeen = System.nanoTime();
    private boolean closed;
    private Runnable onEnd = () -> {
    };

    public Session(String id, String userId, Outbound out, LiveStore store, LiveMetrics metrics, Limits limits) {
        this.id = id;
        this.userId = userId;
        this.out = out;
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    /** Something to run once when the session ends, however it ends (e.g. cancelling its expiry timer). */
    public synchronized void onEnd(Runnable action) {
        this.onEnd = action;
    }

    /** The client showed it is alive (any frame, or a pong). */
    public void touch() {
        lastSeen = System.nanoTime();
    }

    public long idleNanos(long now) {
        return now - lastSeen;
    }

    /** One text frame from the client. */
    public void handle(String text) {
        touch();
        if (text.length() > limits.maxFrameBytes()
                || text.length() * 3L > limits.maxFrameBytes() && utf8Length(text) > limits.maxFrameBytes()) {
            metrics.dropped("frame-too-big");
            close(CloseCodes.TOO_BIG, "frame over " + limits.maxFrameBytes() + " bytes");
            return;
        }
        ClientFrame.Parsed parsed = ClientFrame.parse(text);
        if (parsed.invalid() != null) {
            ClientFrame.Invalid invalid = parsed.invalid();
            synchronized (this) {
                send(Frames.error(invalid.id(), invalid.code(), invalid.field(), invalid.message()));
            }
            return;
        }
        ClientFrame frame = parsed.frame();
        if (frame.type().equals("ping")) {
            synchronized (this) {
                send(Frames.pong(frame.id()));
            }
            return;
        }
        StreamKey stream = resolve(frame.stream());
        if (stream == null) {
            synchronized (this) {
                send(Frames.error(frame.id(), "invalid", "stream",
                        "must be user, user:<subject>, task:<uuid>, run:<uuid>, chat:<uuid> or project:<uuid>"));
            }
        } else if (frame.type().equals("unsubscribe")) {
            unsubscribe(frame, stream);
        } else {
            subscribe(frame, stream);
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private StreamKey resolve(String text) {
        if (text.equals("user")) {
            return StreamKey.user(userId);
        }
        return StreamKey.parse(text).orElse(null);
    }

    private void subscribe(ClientFrame frame, StreamKey stream) {
        Subscription sub = new Subscription();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (subscriptions.containsKey(stream)) {
                send(Frames.error(frame.id(), "conflict", "stream", "already subscribed: unsubscribe first to resume elsewhere"));
                return;
            }
            if (subscriptions.size() >= limits.maxSubscriptions()) {
                send(Frames.error(frame.id(), "limit", "stream",
                        "at most " + limits.maxSubscriptions() + " subscriptions per connection"));
                return;
            }
            // Registered before the head is read, so announcements made meanwhile mark it stale instead of being lost.
            subscriptions.put(stream, sub);
            metrics.subscriptions(1);
        }
        store.head(stream).subscribe().with(head -> opened(frame, stream, sub, head),
                failure -> storeFailed(stream, sub, failure));
    }

    private synchronized void opened(ClientFrame frame, StreamKey stream, Subscription sub, StreamHead head) {
        if (closed || subscriptions.get(stream) != sub) {
            return;
        }
        boolean own = stream.kind() == StreamKind.USER ? stream.id().equals(userId)
                : head != null && head.ownerId().equals(userId);
        if (!own) {
            // The same answer for another user's stream and for one that does not exist: existence is not revealed.
            remove(stream);
            send(Frames.error(frame.id(), "not-found", "stream", "no such stream"));
            return;
        }
        long headCursor = head == null ? 0 : head.lastCursor();
        if (frame.after() != null && frame.after() > headCursor) {
            remove(stream);
            send(Frames.error(frame.id(), "invalid", "after", "is beyond the stream's last cursor, " + headCursor));
            return;
        }
        sub.last = frame.after() == null ? headCursor : frame.after();
        sub.head = Math.max(sub.head, headCursor);
        send(Frames.ack(frame.id(), frame.type(), stream, sub.last));
        fetch(stream, sub);
    }

    private synchronized void unsubscribe(ClientFrame frame, StreamKey stream) {
        Subscription sub = subscriptions.get(stream);
        if (sub == null) {
            send(Frames.error(frame.id(), "not-subscribed", "stream", "this connection does not follow the stream"));
            return;
        }
        remove(stream);
        send(Frames.ack(frame.id(), "unsubscribe", stream, sub.last));
    }

    private void remove(StreamKey stream) {
        if (subscriptions.remove(stream) != null) {
            metrics.subscriptions(-1);
        }
    }

    /**
     * A stored event announced to this instance; {@code frame} is null when the announcement came without the payload.
     */
    public synchronized void live(StreamKey stream, long cursor, String frame) {
        Subscription sub = subscriptions.get(stream);
        if (closed || sub == null) {
            return;
        }
        sub.head = Math.max(sub.head, cursor);
        if (sub.filling) {
            sub.stale = true;
        } else if (cursor == sub.last + 1 && frame != null) {
            deliver(sub, cursor, frame);
        } else if (cursor > sub.last) {
            fetch(stream, sub);
        }
    }

    /** Re-reads every followed stream from the store: announcements may have been missed (the feed reconnected). */
    public synchronized void catchUp() {
        subscriptions.forEach((stream, sub) -> {
            if (sub.filling) {
                sub.stale = true;
            } else {
                fetch(stream, sub);
            }
        });
    }

    private void fetch(StreamKey stream, Subscription sub) {
        sub.filling = true;
        sub.stale = false;
        long from = sub.last;
        store.after(stream, userId, from, PAGE).subscribe().with(events -> filled(stream, sub, events),
                failure -> storeFailed(stream, sub, failure));
    }

    private synchronized void filled(StreamKey stream, Subscription sub, List<ReplayEvent> events) {
        if (closed || subscriptions.get(stream) != sub) {
            return;
        }
        if (!events.isEmpty() && events.get(0).cursor() > sub.last + 1) {
            gap(stream, sub, events.get(0).cursor());
        } else if (events.isEmpty() && !sub.stale && sub.head > sub.last) {
            // Nothing after the cursor is left although the stream went on: all of it was pruned.
            gap(stream, sub, sub.head + 1);
            sub.last = sub.head;
        }
        for (ReplayEvent event : events) {
            if (event.cursor() > sub.last) {
                deliver(sub, event.cursor(), Frames.event(stream, event.cursor(), event.payload()));
            }
        }
        if (closed) {
            return;
        }
        if (events.size() == PAGE || sub.stale) {
            fetch(stream, sub);
        } else {
            sub.filling = false;
        }
    }

    private void gap(StreamKey stream, Subscription sub, long next) {
        metrics.gap();
        send(Frames.resumeGap(stream, sub.last, next));
    }

    private void storeFailed(StreamKey stream, Subscription sub, Throwable failure) {
        LOG.warnf("Connection %s: reading %s from the replay store failed: %s", id, stream, failure.toString());
        synchronized (this) {
            if (closed || subscriptions.get(stream) != sub) {
                return;
            }
        }
        close(CloseCodes.TRY_AGAIN_LATER, "the replay store is unavailable: reconnect later and resume");
    }

    private void deliver(Subscription sub, long cursor, String frame) {
        sub.last = cursor;
        if (send(frame)) {
            metrics.delivered();
        }
    }

    /** Queues one frame; a queue over its bound closes the session instead, so a slow reader never holds others up. */
    private boolean send(String frame) {
        if (closed) {
            return false;
        }
        if (pending.incrementAndGet() > limits.maxPendingFrames()) {
            metrics.dropped("slow-consumer");
            close(CloseCodes.RESUME, "too slow: reconnect and resume from your last cursors");
            return false;
        }
        out.send(frame, pending::decrementAndGet);
        return true;
    }

    /** Closes the connection with the code and reason; the first close wins. */
    public void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            end();
        }
        out.close(code, reason);
    }

    /** The connection is gone (closed by either side): forget its subscriptions. */
    public synchronized void ended() {
        if (!closed) {
            end();
        }
    }

    private void end() {
        closed = true;
        metrics.subscriptions(-subscriptions.size());
        subscriptions.clear();
        onEnd.run();
    }

    /** How many streams the session follows. */
    public synchronized int subscriptionCount() {
        return subscriptions.size();
    }
}
