-- Guildhall schema, version 5: a lock per session host, so that maxSessionsPerUser and sessionsPerHour hold when
-- one host's creates arrive at the same moment (each create counts the host's sessions under this lock).

-- Stripes rather than a row per host: every row exists from the start, so taking a lock is one SELECT ... FOR
-- UPDATE that means the same on H2 and PostgreSQL, with no insert race on a host's first session. A host's stripe
-- is hashCode(host) mod 64 (SessionStore.HOST_LOCK_STRIPES); hosts sharing one only wait for each other's create.
CREATE TABLE session_host_lock (
    stripe INTEGER NOT NULL,
    CONSTRAINT session_host_lock_pk PRIMARY KEY (stripe)
);
INSERT INTO session_host_lock (stripe) VALUES
    (0), (1), (2), (3), (4), (5), (6), (7),
    (8), (9), (10), (11), (12), (13), (14), (15),
    (16), (17), (18), (19), (20), (21), (22), (23),
    (24), (25), (26), (27), (28), (29), (30), (31),
    (32), (33), (34), (35), (36), (37), (38), (39),
    (40), (41), (42), (43), (44), (45), (46), (47),
    (48), (49), (50), (51), (52), (53), (54), (55),
    (56), (57), (58), (59), (60), (61), (62), (63);
