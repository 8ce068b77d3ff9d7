package io.clipizy.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.chat.domain.Project;
import io.clipizy.chat.domain.ProjectType;
import io.clipizy.chat.persistence.ProjectRepository;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** Projects of a person: create, read, update, list, and delete (announced so media and runs follow). */
@ApplicationScoped
public class ProjectService {
    @Inject
    ProjectRepository projects;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Outbox outbox;

    public Uni<Project> create(String ownerId, ProjectType type, String name, String description, JsonNode settings) {
        Project project = Project.draft(UUID.randomUUID(), ownerId, type, name, description, settings);
        return unitOfWork.run(tx -> projects.insert(tx, project));
    }

    public Uni<Project> get(String ownerId, UUID id) {
        return unitOfWork.read(c -> projects.find(c, id, ownerId)).map(ProjectService::found);
    }

    public Uni<Page<Project>> list(String ownerId, ProjectType type, String search, int page, int size) {
        return unitOfWork.read(c -> projects.list(c, ownerId, type, search, page, size));
    }

    /** Applies the given changes (null fields stay as they are). */
    public Uni<Project> update(String ownerId, UUID id, String name, String description, JsonNode settings) {
        return unitOfWork.run(tx -> projects.find(tx, id, ownerId).map(ProjectService::found)
                .chain(p -> projects.update(tx, new Project(p.id(), p.ownerId(), p.type(),
                        name == null ? p.name() : name, description == null ? p.description() : description,
                        settings == null ? p.settings() : settings, p.status(), p.coverMediaId(), p.createdAt(), p.updatedAt()))));
    }

    /** Deletes the project and announces it (ProjectDeleted) in the same transaction. */
    public Uni<Void> delete(String ownerId, UUID id) {
        return unitOfWork.run(tx -> projects.softDelete(tx, id, ownerId).chain(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("Project");
            }
            return outbox.append(tx, ProjectDeleted.of(ownerId, id));
        }));
    }

    private static Project found(Project p) {
        if (p == null) {
            throw ProblemException.notFound("Project");
        }
        return p;
    }
}
