-- An upload a client sends straight to S3 through presigned URLs. Its asset waits in PENDING_UPLOAD (counted against
-- the owner's quota at the size declared) until the client completes it and the service has verified the bytes.
CREATE TABLE direct_upload (
    asset_id        UUID        PRIMARY KEY REFERENCES media_asset (id),
    -- the S3 multipart upload the client sends parts to; null when it sends the whole file in one PUT
    upload_id       TEXT,
    part_size       BIGINT      CHECK (part_size > 0),
    expected_sha256 TEXT        CHECK (expected_sha256 ~ '^[0-9a-f]{64}$'),
    expires_at      TIMESTAMPTZ NOT NULL,
    -- why verification refused the bytes (the asset is then REJECTED)
    rejection       TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT direct_upload_parts CHECK ((upload_id IS NULL) = (part_size IS NULL))
);
-- A user's storage in use: the quota sums the sizes of their READY assets and their uploads awaited.
CREATE INDEX media_asset_owner_usage ON media_asset (owner_id) WHERE status IN ('READY', 'PENDING_UPLOAD');
