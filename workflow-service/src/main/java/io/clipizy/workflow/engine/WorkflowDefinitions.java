package io.clipizy.workflow.engine;

import io.clipizy.workflow.definition.WorkflowCatalogue;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The node catalogue and workflows, loaded and validated at start-up: an invalid definition stops the service. */
@Startup
@ApplicationScoped
public class WorkflowDefinitions {
    private final WorkflowCatalogue catalogue = WorkflowCatalogue.load();

    public WorkflowCatalogue catalogue() {
        return catalogue;
    }
}
