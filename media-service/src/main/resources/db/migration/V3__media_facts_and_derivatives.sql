-- The rest of what FFprobe measures: frame rate, the codecs of the first video and audio streams, the sample rate.
ALTER TABLE media_asset
    ADD COLUMN fps         DOUBLE PRECISION CHECK (fps > 0),
    ADD COLUMN video_codec TEXT,
    ADD COLUMN audio_codec TEXT,
    ADD COLUMN sample_rate INT CHECK (sample_rate > 0),
    -- a thumbnail or waveform names the asset it was made from
    ADD COLUMN source_id   UUID REFERENCES media_asset (id);
CREATE INDEX media_asset_source ON media_asset (source_id) WHERE source_id IS NOT NULL;

-- The derived assets (thumbnail, waveform) to make from a READY asset: written with the READY row, so none is lost
-- across a restart; the worker takes PENDING ones, and records the outcome or the failure of each attempt.
CREATE TABLE derivation (
    source_id   UUID        NOT NULL REFERENCES media_asset (id),
    role        TEXT        NOT NULL CHECK (role IN ('thumbnail', 'waveform')),
    status      TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    attempts    INT         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error       TEXT,
    derived_id  UUID        REFERENCES media_asset (id),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, role),
    CONSTRAINT derivation_done CHECK ((status = 'DONE') = (derived_id IS NOT NULL))
);
CREATE INDEX derivation_pending ON derivation (updated_at) WHERE status IN ('PENDING', 'RUNNING');
