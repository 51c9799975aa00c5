-- Operator API tokens: only the SHA-256 of each token's secret part is stored.
CREATE TABLE admin_tokens (
    token_id    VARCHAR(64)  NOT NULL,
    scope       VARCHAR(32)  NOT NULL,
    secret_hash BYTEA        NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT admin_tokens_pk PRIMARY KEY (token_id)
);
CREATE INDEX admin_tokens_created_idx ON admin_tokens (created_at, token_id);
