-- Admission history: the newest admission set per gateway in full (admission_snapshots) and the
-- steps that led to it (admission_steps, the unsigned delta from base_serial to serial), so any
-- server answers a gateway's "what changed since serial S" from the same rows. The publisher
-- records both in the transaction that records the set's publication, which keeps serials
-- strictly increasing, and drops steps beyond its retention there too.
CREATE TABLE admission_snapshots (
    gateway_id   VARCHAR(64) NOT NULL,
    serial       BIGINT      NOT NULL,
    set_json     BYTEA       NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT admission_snapshots_pk PRIMARY KEY (gateway_id),
    CONSTRAINT admission_snapshots_serial_ck CHECK (serial >= 1)
);

CREATE TABLE admission_steps (
    gateway_id  VARCHAR(64) NOT NULL,
    serial      BIGINT      NOT NULL,
    base_serial BIGINT      NOT NULL,
    delta_json  BYTEA       NOT NULL,
    CONSTRAINT admission_steps_pk PRIMARY KEY (gateway_id, serial),
    CONSTRAINT admission_steps_serial_ck CHECK (serial > base_serial AND base_serial >= 1)
);
