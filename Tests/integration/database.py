"""The database an integration test runs the server on: a SQLite file in the test's work
directory, or (with MOTCUA_TEST_BACKEND=postgres, under scripts/with-postgres.sh) a fresh
database on the throwaway PostgreSQL cluster. `target` is what `--database` takes; `query`
reads rows as the test's own check, outside the product (sqlite3, or psql)."""
import os
import pathlib
import sqlite3
import subprocess
import uuid


class Database:
    def __init__(self, work):
        self.kind = os.environ.get("MOTCUA_TEST_BACKEND", "sqlite")
        if self.kind == "postgres":
            server = os.environ.get("MOTCUA_TEST_POSTGRES_URL")
            if not server:
                raise RuntimeError("MOTCUA_TEST_BACKEND=postgres needs MOTCUA_TEST_POSTGRES_URL: run through scripts/with-postgres.sh")
            name = "motcua_i" + uuid.uuid4().hex[:16]
            self._psql(server, f"CREATE DATABASE {name}")
            self.target = server.rsplit("/", 1)[0] + "/" + name
        else:
            self.target = str(pathlib.Path(work) / "motcua.sqlite")

    @property
    def label(self):
        return "PostgreSQL" if self.kind == "postgres" else "SQLite"

    @staticmethod
    def _psql(url, sql):
        result = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql: {result.stderr.strip()}")
        return [tuple(line.split("\t")) for line in result.stdout.splitlines() if line]

    def query(self, sql, params=()):
        """Rows of `sql` (`?` placeholders; values are numbers or plain strings), as strings."""
        if self.kind == "postgres":
            for p in params:
                sql = sql.replace("?", "'" + str(p).replace("'", "''") + "'" if isinstance(p, str) else str(p), 1)
            return self._psql(self.target, sql)
        con = sqlite3.connect(self.target)
        try:
            rows = con.execute(sql, params).fetchall()
            con.commit()
            return [tuple(str(v) for v in row) for row in rows]
        finally:
            con.close()

    def tamper_event(self, code, old, new):
        """Edits event 1 of `code` as an insider with the file or the server would (the
        append-only guard removed first); returns how many rows changed."""
        if self.kind == "postgres":
            rows = self._psql(self.target, "BEGIN; ALTER TABLE events DISABLE TRIGGER events_append_only; "
                              f"UPDATE events SET payload = replace(payload, '{old}', '{new}') WHERE dossier_code = '{code}' AND seq = 1 "
                              "RETURNING seq; ALTER TABLE events ENABLE TRIGGER events_append_only; COMMIT;")
            return len(rows)
        con = sqlite3.connect(self.target)
        con.execute("DROP TRIGGER events_no_update")
        con.execute("UPDATE events SET payload = replace(payload, ?, ?) WHERE dossier_code = ? AND seq = 1", (old, new, code))
        changed = con.total_changes
        con.commit()
        con.close()
        return changed
