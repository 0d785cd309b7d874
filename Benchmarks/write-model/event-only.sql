-- The same 16 actions if the event were the only synchronous write (no row, no messages).
\set a :client_id * 6000 + random(1, 5984)
INSERT INTO events (dossier_code, seq, kind, action, at, payload, prev_hash, hash)
  SELECT d.code, 1000000 + (random() * 1e12)::bigint, 'action', 'forward', 0, repeat('p', 400), repeat('1', 64),
         md5(random()::text) || md5(d.code)
  FROM dossiers d WHERE d.seq BETWEEN :a AND :a + 15;
