package io.clipizy.eventhub.domain;

import java.util.List;

/**
 * The events of a stream after a cursor, in cursor order. {@code hasMore}: more events follow the last one returned.
 * {@code truncated}: some events right after the cursor were already pruned, so replaying cannot fill the gap and the
 * client must reload the state instead.
 */
public record ReplaySlice(StreamKey stream, List<ReplayEvent> events, boolean hasMore, boolean truncated) {
    public ReplaySlice {
        events = List.copyOf(events);
    }
}
