-- motcua bench's floor: pgbench's one-row insert, one transaction each.
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 1, now());
