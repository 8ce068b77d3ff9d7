-- Jobs of the video jobs API (/api/v1): one request for n variants of a video (or n images). Each variant is a task of
-- its own (same lifecycle, events and billing as every task); the job row links them in variant order and keeps what
-- was asked. Deleting a job deletes this row only: its tasks stay as the history that billing and events refer to.
CREATE TABLE video_job (
    id         UUID PRIMARY KEY,
    owner_id   TEXT             NOT NULL,
    media      TEXT             NOT NULL CHECK (media IN ('video', 'image')),
    prompt     TEXT             NOT NULL,
    n_variants INT              NOT NULL CHECK (n_variants BETWEEN 1 AND 4),
    n_seconds  DOUBLE PRECISION,
    width      INT              NOT NULL,
    height     INT              NOT NULL,
    provider   TEXT,
    task_ids   UUID[]           NOT NULL,
    created_at TIMESTAMPTZ      NOT NULL DEFAULT now()
);
CREATE INDEX video_job_owner_created ON video_job (owner_id, media, created_at DESC);
