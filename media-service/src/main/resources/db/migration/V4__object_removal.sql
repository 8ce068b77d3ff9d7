-- When the bytes of a DELETED or REJECTED asset were removed from S3: the removal job takes the rows still without it.
ALTER TABLE media_asset ADD COLUMN objects_removed_at TIMESTAMPTZ;
CREATE INDEX media_asset_objects_to_remove ON media_asset (deleted_at)
    WHERE status IN ('DELETED', 'REJECTED') AND objects_removed_at IS NULL;
