-- 100,000 dossiers shaped like the store's (a ~1.2 KB snapshot, a queue, a running step) and
-- their opening events, for the write-model scripts.
INSERT INTO dossiers (code, procedure_code, workflow_id, workflow_version, state, version, department, assignee_id, due_at,
  step_due_at, step_seq, finished_at, clock, snapshot, channel, queue, queue_due, received_at)
SELECT 'H22.' || lpad(g::text, 8, '0'), '1.00' || (g % 7), 'wf', 1, 'reviewing', 1, 'dept' || (g % 5), NULL, 1.8e9 + g, 1.8e9 + g,
  1, NULL, 'running', repeat(md5(g::text), 38), 'portal', 'dept' || (g % 5), 1.8e9 + g, 1.7e9 + g
FROM generate_series(1, 100000) g;
INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
SELECT code, 1, 'opened', 'receive', 0, repeat('p', 400), repeat('0', 64), md5(code) || md5(code) FROM dossiers;
VACUUM ANALYZE;
