-- Shared rate-limit buckets (Bucket4j's PostgreSQL backend, SELECT ... FOR UPDATE variant).
-- PostgreSQL only, hence its own location: these buckets exist so that several servers on one
-- PostgreSQL share one limit; an H2 file belongs to a single process, which uses in-process
-- buckets (LocalRateLimitBackend), so H2 never gets this table.
-- Column names and types are the ones Bucket4j's SQL expects: id (the bucket key), state (its
-- serialized state) and expires_at (epoch milliseconds after which the row may be removed).
CREATE TABLE rate_limit_buckets (
    id         VARCHAR(255) NOT NULL,
    state      BYTEA,
    expires_at BIGINT,
    CONSTRAINT rate_limit_buckets_pk PRIMARY KEY (id)
);
CREATE INDEX rate_limit_buckets_expires_idx ON rate_limit_buckets (expires_at);
