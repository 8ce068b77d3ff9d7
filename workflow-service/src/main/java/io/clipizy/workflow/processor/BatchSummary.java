package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;

/** {@code batch_summary}: one line per item of a batch — its run, status, failed step and error — with the counts. */
public class BatchSummary implements Processor {
    @Override
    public String name() {
        return "batch_summary";
    }

    @Override
    public JsonNode run(JsonNode p) {
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        ArrayNode items = out.putArray("items");
        int succeeded = 0;
        int index = 0;
        for (JsonNode r : p.path("results")) {
            ObjectNode line = items.addObject().put("index", index++).put("status", r.path("status").asText("UNKNOWN"));
            line.set("runId", r.path("runId"));
            if (r.hasNonNull("failedNode")) {
                line.set("failedNode", r.get("failedNode"));
            }
            if (r.hasNonNull("error")) {
                line.set("error", r.get("error"));
            }
            if (r.hasNonNull("output")) {
                line.set("output", r.get("output"));
            }
            succeeded += "SUCCEEDED".equals(r.path("status").asText()) ? 1 : 0;
        }
        out.put("succeeded", succeeded).put("failed", items.size() - succeeded);
        return out;
    }
}
