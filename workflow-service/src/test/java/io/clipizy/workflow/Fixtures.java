package io.clipizy.workflow;

import io.clipizy.testing.PostgresResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/** Runs and node executions written straight to the test database (the engine that creates them is not under test here). */
final class Fixtures {
    private Fixtures() {
    }

    static UUID run(String owner, UUID projectId, UUID chatId, String status) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO workflow_run (id, owner_id, project_id, chat_id, workflow_id, workflow_version, status, inputs) "
                        + "VALUES (?, ?, ?, ?, 'music-video.looped-static', 1, ?, '{\"scenes\":4}')")) {
            ps.setObject(1, id);
            ps.setString(2, owner);
            ps.setObject(3, projectId);
            ps.setObject(4, chatId);
            ps.setString(5, status);
            ps.executeUpdate();
        }
        return id;
    }

    static void node(UUID runId, String nodeId, String type, String status, UUID taskId) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node_execution (run_id, node_id, node_type, status, task_id) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, runId);
            ps.setString(2, nodeId);
            ps.setString(3, type);
            ps.setString(4, status);
            ps.setObject(5, taskId);
            ps.executeUpdate();
        }
    }

    static String nodeStatus(UUID taskId) throws Exception {
        try (Connection c = PostgresResource.connect();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM node_execution WHERE task_id = ?")) {
            ps.setObject(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
