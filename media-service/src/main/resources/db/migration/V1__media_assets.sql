-- Every media file the service knows: metadata here, bytes in S3 under s3_key. Rows are soft-deleted (status DELETED,
-- deleted_at set) so events and audits can still name them.
CREATE TABLE media_asset (
    id               UUID             PRIMARY KEY,
    owner_id         TEXT             NOT NULL,
    project_id       UUID,
    kind             TEXT             NOT NULL CHECK (kind IN ('audio', 'image', 'video')),
    role             TEXT             NOT NULL CHECK (role IN ('upload', 'reference', 'generated', 'final', 'thumbnail', 'waveform')),
    content_type     TEXT             NOT NULL,
    size_bytes       BIGINT           NOT NULL CHECK (size_bytes >= 0),
    sha256           TEXT             CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    file_name        TEXT,
    s3_key           TEXT             NOT NULL UNIQUE,
    status           TEXT             NOT NULL CHECK (status IN ('PENDING_UPLOAD', 'READY', 'REJECTED', 'DELETED')),
    duration_seconds DOUBLE PRECISION CHECK (duration_seconds >= 0),
    width            INT              CHECK (width > 0),
    height           INT              CHECK (height > 0),
    task_id          UUID,
    output_index     INT              CHECK (output_index >= 0),
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    deleted_at       TIMESTAMPTZ,
    -- a READY asset's bytes were hashed while they were stored
    CONSTRAINT media_asset_ready_hashed CHECK (status <> 'READY' OR sha256 IS NOT NULL),
    CONSTRAINT media_asset_deleted_at CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL)),
    CONSTRAINT media_asset_task_output CHECK ((task_id IS NULL) = (output_index IS NULL)),
    -- a generated output is stored once, however often the gateway retries storing it
    CONSTRAINT media_asset_task_output_unique UNIQUE (task_id, output_index)
);
-- The owner's gallery and project listings: READY assets, newest first.
CREATE INDEX media_asset_owner_ready ON media_asset (owner_id, created_at DESC, id) WHERE status = 'READY';
CREATE INDEX media_asset_project_ready ON media_asset (project_id, owner_id) WHERE status = 'READY' AND project_id IS NOT NULL;
