-- For split.sql: the columns an action changes move to `dossier_steps` with their indexes and
-- the queue-count trigger; `dossiers` keeps the snapshot, the columns that never change and
-- their indexes (code, seq, procedure, channel, received), with room on its pages for HOT
-- updates: at fill factor 70 only 37% of its updates were HOT (a batch updates several rows
-- of a page at once, ~1.4 KB each), at 40 all of them.
CREATE TABLE dossier_steps (
  code text COLLATE "C" PRIMARY KEY, version bigint NOT NULL, state text NOT NULL, department text, assignee_id text,
  due_at double precision, step_due_at double precision, step_seq bigint NOT NULL, finished_at double precision,
  clock text NOT NULL, queue text, queue_due double precision);
INSERT INTO dossier_steps
  SELECT code, version, state, department, assignee_id, due_at, step_due_at, step_seq, finished_at, clock, queue, queue_due FROM dossiers;
CREATE INDEX steps_state ON dossier_steps(state);
CREATE INDEX steps_department ON dossier_steps(department);
CREATE INDEX steps_due ON dossier_steps(due_at) WHERE finished_at IS NULL;
CREATE INDEX steps_step_due ON dossier_steps(step_due_at) WHERE clock = 'running';
CREATE INDEX steps_queue ON dossier_steps(queue, queue_due, code) WHERE queue IS NOT NULL;
CREATE INDEX steps_finished ON dossier_steps(finished_at) WHERE finished_at IS NOT NULL;
DROP INDEX dossiers_state, dossiers_department, dossiers_due, dossiers_step_due, dossiers_queue, dossiers_finished;
DROP TRIGGER queue_counts_update ON dossiers;
CREATE TRIGGER steps_queue_counts AFTER UPDATE OF queue, state ON dossier_steps FOR EACH ROW
  WHEN (OLD.queue IS DISTINCT FROM NEW.queue OR OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION motcua_queue_counts();
ALTER TABLE dossiers SET (fillfactor = 40);
VACUUM FULL dossiers;
ANALYZE;
