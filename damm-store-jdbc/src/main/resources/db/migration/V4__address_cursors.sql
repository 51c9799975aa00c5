-- Allocation cursors, one per lease pool: no lease was ever handed out at or above next_offset.
-- A server reserves a block of offsets by moving the cursor (one short transaction per block) and
-- then hands them to its enrollments, so concurrent enrollments aim at different offsets without
-- asking the database first; the primary key of address_leases still decides every claim. Once a
-- cursor passes its pool's end, free offsets are found by scanning (AddressLeaseRepository).
CREATE TABLE address_cursors (
    pool_id     VARCHAR(128) NOT NULL,
    next_offset BIGINT       NOT NULL,
    CONSTRAINT address_cursors_pk PRIMARY KEY (pool_id)
);

-- The session-limit count reads tier_device_counts (V3) since; no query filters devices by tier
-- any more, and every enrollment paid for this index.
DROP INDEX devices_tier_state_idx;
