-- The same 16 actions with the row split in two (write-model/split-schema.sql): the columns an
-- action changes and the indexes on them in `dossier_steps` (a narrow row: its update is not
-- HOT but touches ~100 bytes), the snapshot and the columns that never change in `dossiers`,
-- whose update then changes no indexed column and can be HOT (no index entries at all).
\set a :client_id * 6000 + random(1, 5984)
WITH s AS (
  UPDATE dossier_steps t SET version = t.version + 1,
    state = CASE WHEN t.state = 'reviewing' THEN 'approving' ELSE 'reviewing' END,
    queue = CASE WHEN t.state = 'reviewing' THEN 'director' ELSE t.department END,
    queue_due = t.queue_due + 1, step_due_at = t.step_due_at + 1, step_seq = t.step_seq + 1
  FROM dossiers d WHERE d.seq BETWEEN :a AND :a + 15 AND t.code = d.code RETURNING t.code, t.version),
u AS (
  UPDATE dossiers d SET version = s.version, snapshot = md5(random()::text) || substr(d.snapshot, 33)
  FROM s WHERE d.code = s.code RETURNING d.code),
e AS (INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
  SELECT s.code, s.version, 'action', 'forward', 0, repeat('p', 400), repeat('1', 64), md5(random()::text) || md5(s.code) FROM s),
o AS (INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
  SELECT gen_random_uuid()::text, s.code, s.version, c, 'http://127.0.0.1/portal', repeat('y', 600), 0, 0
  FROM s, (VALUES ('portal'), ('email')) ch(c))
SELECT count(*) FROM u;
