-- One batch of 16 actions as the store writes it (PerformBatchStatement): each dossier's
-- row rewritten with a new snapshot, state and queue, one event, two outbox messages. Each
-- pgbench client works on its own 6,000 dossiers, so batches never wait for one another.
\set a :client_id * 6000 + random(1, 5984)
WITH u AS (
  UPDATE dossiers d SET version = d.version + 1, snapshot = md5(random()::text) || substr(d.snapshot, 33),
    state = CASE WHEN d.state = 'reviewing' THEN 'approving' ELSE 'reviewing' END,
    queue = CASE WHEN d.state = 'reviewing' THEN 'director' ELSE d.department END,
    queue_due = d.queue_due + 1, step_due_at = d.step_due_at + 1, step_seq = d.step_seq + 1
  WHERE d.seq BETWEEN :a AND :a + 15 RETURNING d.code, d.version),
e AS (INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
  SELECT u.code, u.version, 'action', 'forward', 0, repeat('p', 400), repeat('1', 64), md5(random()::text) || md5(u.code) FROM u),
o AS (INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, next_attempt_at, created_at)
  SELECT gen_random_uuid()::text, u.code, u.version, c, 'http://127.0.0.1/portal', repeat('y', 600), 0, 0
  FROM u, (VALUES ('portal'), ('email')) ch(c))
SELECT count(*) FROM u;
