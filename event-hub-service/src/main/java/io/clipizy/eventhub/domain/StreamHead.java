package io.clipizy.eventhub.domain;

/** Who a stream belongs to and the last cursor it handed out. */
public record StreamHead(String ownerId, long lastCursor) {
}
