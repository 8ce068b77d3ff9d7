package io.clipizy.billing.domain;

import java.util.List;

/** What a workflow run is expected to cost, line by line, under a named version of the pricing table. */
public record Estimate(String workflowId, String pricingVersion, long credits, List<Line> breakdown) {

    /** One priced part of the run: what it is, how many, and its credits (rounded up). */
    public record Line(String item, String description, double quantity, long credits) {
    }
}
