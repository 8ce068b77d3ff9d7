package io.clipizy.eventhub.domain;

import io.clipizy.contracts.event.Message;
import java.util.List;

/**
 * A consumed record, decoded and routed: the record, its JSON exactly as it was published, and the streams it belongs
 * to in key order. Building one throws {@link io.clipizy.contracts.ContractViolationException} for a record that
 * breaks its contract, before anything is written.
 */
public record IncomingRecord(Message record, String payload, List<StreamKey> streams) {
    public static IncomingRecord of(Message record, String payload) {
        return new IncomingRecord(record, payload, StreamRouting.streamsOf(record));
    }
}
