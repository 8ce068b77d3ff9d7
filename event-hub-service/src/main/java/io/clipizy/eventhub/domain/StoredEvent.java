package io.clipizy.eventhub.domain;

/** An event just stored in one stream, at its cursor there: what a live connection following the stream is sent. */
public record StoredEvent(StreamKey stream, long cursor, String ownerId, String payload) {
}
