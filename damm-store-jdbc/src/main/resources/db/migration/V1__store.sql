-- DAMM durable store, version 1. One file for PostgreSQL and H2 (MODE=PostgreSQL): only types
-- and statements both accept are used (no partial or expression indexes, no ON CONFLICT targets,
-- no MERGE). Constraint names are explicit because JdbcStore maps a unique violation to the
-- field it concerns by constraint name; see docs/store.md for which rule each one enforces.
-- Instants are TIMESTAMP WITH TIME ZONE at microsecond precision (PostgreSQL's resolution).

-- Devices: one row per enrolled device. The three unique keys are the lookups the API makes.
CREATE TABLE devices (
    id                        VARCHAR(64)  NOT NULL,
    name                      VARCHAR(128) NOT NULL,
    public_key                BYTEA        NOT NULL,
    credential_hash           BYTEA        NOT NULL,
    tunnel_addresses          VARCHAR(512) NOT NULL, -- JSON array of "addr/prefix"
    gateway_id                VARCHAR(64)  NOT NULL,
    front_door_id             VARCHAR(64)  NOT NULL,
    egress_pool_id            VARCHAR(64)  NOT NULL,
    quarantine_egress_pool_id VARCHAR(64),
    tier_id                   VARCHAR(64)  NOT NULL,
    region                    VARCHAR(32)  NOT NULL,
    exit_country              VARCHAR(2)   NOT NULL,
    state                     VARCHAR(16)  NOT NULL,
    suspension                VARCHAR(16),
    rx_bytes                  BIGINT       NOT NULL,
    tx_bytes                  BIGINT       NOT NULL,
    trust_root_version        BIGINT       NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Optimistic concurrency: an update of a row read earlier in the transaction only applies
    -- if nobody changed it since (otherwise the transaction is re-run).
    version                   BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT devices_pk PRIMARY KEY (id),
    CONSTRAINT devices_public_key_uq UNIQUE (public_key),
    CONSTRAINT devices_credential_hash_uq UNIQUE (credential_hash),
    CONSTRAINT devices_state_ck CHECK (state IN ('ACTIVE', 'SUSPENDED', 'REVOKED')),
    CONSTRAINT devices_suspension_ck CHECK ((state = 'SUSPENDED') = (suspension IS NOT NULL)),
    CONSTRAINT devices_usage_ck CHECK (rx_bytes >= 0 AND tx_bytes >= 0)
);
-- Admission sets: active devices of one gateway, in id order.
CREATE INDEX devices_gateway_state_idx ON devices (gateway_id, state, id);
-- Session limits: active devices of one tier.
CREATE INDEX devices_tier_state_idx ON devices (tier_id, state);

-- Install passes: single use is a conditional UPDATE ... WHERE used_at IS NULL.
CREATE TABLE install_passes (
    id          VARCHAR(64)  NOT NULL,
    secret_hash BYTEA        NOT NULL,
    tier_id     VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    used_by     VARCHAR(64),
    CONSTRAINT install_passes_pk PRIMARY KEY (id),
    CONSTRAINT install_passes_secret_hash_uq UNIQUE (secret_hash),
    CONSTRAINT install_passes_used_ck CHECK ((used_at IS NULL) = (used_by IS NULL))
);

-- Gateways. The public key is unique once registered (NULL until then: many NULLs allowed).
CREATE TABLE gateways (
    id                VARCHAR(64)  NOT NULL,
    name              VARCHAR(128) NOT NULL,
    region            VARCHAR(32)  NOT NULL,
    provider_id       VARCHAR(32)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    public_key        BYTEA,
    tunnel_addresses  VARCHAR(1024) NOT NULL, -- JSON array of "addr/prefix"
    token_hash        BYTEA        NOT NULL,
    registered_at     TIMESTAMP WITH TIME ZONE,
    last_heartbeat_at TIMESTAMP WITH TIME ZONE,
    load              DOUBLE PRECISION NOT NULL,
    active_peers      INTEGER      NOT NULL,
    rx_bytes          BIGINT       NOT NULL,
    tx_bytes          BIGINT       NOT NULL,
    version           BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT gateways_pk PRIMARY KEY (id),
    CONSTRAINT gateways_token_hash_uq UNIQUE (token_hash),
    CONSTRAINT gateways_public_key_uq UNIQUE (public_key),
    CONSTRAINT gateways_status_ck CHECK (status IN ('PROVISIONED', 'ACTIVE', 'DRAINING', 'RETIRED')),
    CONSTRAINT gateways_key_ck CHECK (status = 'PROVISIONED' OR public_key IS NOT NULL)
);

-- Front doors belong to one gateway; their ids are unique across all gateways (the primary key).
CREATE TABLE front_doors (
    id         VARCHAR(64)  NOT NULL,
    gateway_id VARCHAR(64)  NOT NULL,
    ordinal    INTEGER      NOT NULL, -- order within the gateway's list
    host       VARCHAR(253) NOT NULL,
    port       INTEGER      NOT NULL,
    transport  VARCHAR(8)   NOT NULL,
    priority   INTEGER      NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    parameters VARCHAR(16384) NOT NULL, -- JSON object of transport parameters
    CONSTRAINT front_doors_pk PRIMARY KEY (id),
    CONSTRAINT front_doors_gateway_fk FOREIGN KEY (gateway_id) REFERENCES gateways (id) ON DELETE CASCADE,
    CONSTRAINT front_doors_port_ck CHECK (port BETWEEN 1 AND 65535),
    CONSTRAINT front_doors_state_ck CHECK (state IN ('ACTIVE', 'DEMOTED', 'INACTIVE'))
);
CREATE INDEX front_doors_gateway_idx ON front_doors (gateway_id, ordinal);

-- Egress pools and access tiers: small, read-mostly; their collections are JSON text.
CREATE TABLE egress_pools (
    id             VARCHAR(64) NOT NULL,
    provider_id    VARCHAR(32) NOT NULL,
    region         VARCHAR(32) NOT NULL,
    kind           VARCHAR(16) NOT NULL,
    exit_countries VARCHAR(512) NOT NULL,    -- JSON array of ISO codes
    ip_inventory   VARCHAR(262144) NOT NULL, -- JSON array of "addr/prefix" (at most 4096)
    load           DOUBLE PRECISION NOT NULL,
    headroom       DOUBLE PRECISION NOT NULL,
    enabled        BOOLEAN     NOT NULL,
    version        BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT egress_pools_pk PRIMARY KEY (id),
    CONSTRAINT egress_pools_kind_ck CHECK (kind IN ('MAIN', 'QUARANTINED'))
);

CREATE TABLE access_tiers (
    id                     VARCHAR(64)  NOT NULL,
    name                   VARCHAR(128) NOT NULL,
    allowed_regions        VARCHAR(16384) NOT NULL, -- JSON array
    allowed_exit_countries VARCHAR(2048) NOT NULL,  -- JSON array
    session_limit          INTEGER      NOT NULL,
    byte_limit             BIGINT       NOT NULL,
    active                 BOOLEAN      NOT NULL,
    substitution           VARCHAR(32)  NOT NULL,
    quarantine_rules       VARCHAR(524288) NOT NULL, -- JSON array of {kind, value}
    version                BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT access_tiers_pk PRIMARY KEY (id)
);

-- Tunnel address leases: the primary key is the "no two devices share an address" rule. A
-- released lease stays (released_at set) so quarantine can be judged; a claim either inserts the
-- row or takes over a lease released long enough ago.
CREATE TABLE address_leases (
    pool_id     VARCHAR(128) NOT NULL,
    addr_offset BIGINT       NOT NULL,
    device_id   VARCHAR(64)  NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT address_leases_pk PRIMARY KEY (pool_id, addr_offset),
    CONSTRAINT address_leases_offset_ck CHECK (addr_offset >= 0)
);
-- Leases released and not yet claimed again, so a free address can be found without scanning
-- the pool: a row is added by release and removed when the offset is claimed again. (Not an
-- index on address_leases: with nearly every row unreleased, PostgreSQL's plan for "lowest
-- released offset" depends on statistics and can turn into a scan of the whole pool; and H2 has
-- no partial indexes.)
CREATE TABLE released_leases (
    pool_id     VARCHAR(128) NOT NULL,
    addr_offset BIGINT       NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT released_leases_pk PRIMARY KEY (pool_id, addr_offset)
);

-- Usage reports applied: the primary key makes "a report is applied once" a database rule.
CREATE TABLE usage_reports (
    gateway_id VARCHAR(64)  NOT NULL,
    report_id  VARCHAR(128) NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT usage_reports_pk PRIMARY KEY (gateway_id, report_id)
);

CREATE TABLE usage_counters (
    device_id  VARCHAR(64) NOT NULL,
    gateway_id VARCHAR(64) NOT NULL,
    rx_bytes   BIGINT      NOT NULL,
    tx_bytes   BIGINT      NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT usage_counters_pk PRIMARY KEY (device_id, gateway_id)
);

-- Audit log. Retention deletes by time in batches (AuditRetentionJob); see docs/store.md for
-- why this is not range-partitioned.
CREATE TABLE audit_events (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(128) NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    target      VARCHAR(256) NOT NULL,
    before_json VARCHAR(65536),
    after_json  VARCHAR(65536),
    CONSTRAINT audit_events_pk PRIMARY KEY (seq)
);
CREATE INDEX audit_events_target_idx ON audit_events (target, seq);
CREATE INDEX audit_events_at_idx ON audit_events (at);

-- Publication history. publication_heads holds the last serial per (kind, scope); recording
-- moves it with a conditional UPDATE (or inserts it), so two writers cannot both win a serial.
CREATE TABLE publications (
    kind         VARCHAR(32)  NOT NULL,
    scope        VARCHAR(128) NOT NULL,
    serial       BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT publications_pk PRIMARY KEY (kind, scope, serial),
    CONSTRAINT publications_serial_ck CHECK (serial >= 1)
);

CREATE TABLE publication_heads (
    kind        VARCHAR(32)  NOT NULL,
    scope       VARCHAR(128) NOT NULL,
    last_serial BIGINT       NOT NULL,
    CONSTRAINT publication_heads_pk PRIMARY KEY (kind, scope)
);

-- Public parts of signing keys.
CREATE TABLE published_keys (
    key_id     VARCHAR(64) NOT NULL,
    purpose    VARCHAR(32) NOT NULL,
    public_key BYTEA       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT published_keys_pk PRIMARY KEY (key_id)
);
CREATE INDEX published_keys_purpose_idx ON published_keys (purpose, created_at);
