package io.clipizy.eventhub.api;

import io.clipizy.eventhub.domain.ReplaySlice;
import java.util.List;

/**
 * A page of a stream's replay. {@code nextCursor} is what to pass as {@code after} next (the last cursor returned, or
 * the one asked for when nothing followed it); {@code truncated} says events right after the cursor were already
 * pruned, so the client must reload the state instead of relying on the replay.
 */
public record ReplayView(String stream, List<ReplayEventView> events, long nextCursor, boolean hasMore, boolean truncated) {

    public static ReplayView of(ReplaySlice slice, long after) {
        List<ReplayEventView> events = slice.events().stream().map(ReplayEventView::of).toList();
        long next = events.isEmpty() ? after : events.get(events.size() - 1).cursor();
        return new ReplayView(slice.stream().toString(), events, next, slice.hasMore(), slice.truncated());
    }
}
