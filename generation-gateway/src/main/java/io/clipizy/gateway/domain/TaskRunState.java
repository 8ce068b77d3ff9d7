package io.clipizy.gateway.domain;

import io.clipizy.gateway.provider.ProviderJob;

/**
 * A task as the executor picks it up: the task, the provider its request named (null: routed by kind), the provider
 * job stored when it was started (null until then), and whether this pick-up moved it from QUEUED to RUNNING (a fresh
 * start) rather than adopting a RUNNING task whose previous executor went away.
 */
public record TaskRunState(Task task, String requestedProvider, ProviderJob providerJob, boolean started) {
    /** Whether a provider job was stored that can be followed again (an inline job has to be started again). */
    public boolean reattachable() {
        return providerJob != null && !providerJob.isInline();
    }
}
