import type { Migration } from './index';

/**
 * Long work as rows: a job outlives the process that ran it, so the clerk's 任务 list shows what ran, what failed
 * and why — also after a crash (engine/jobs/jobs.ts marks a dead process's running jobs failed on open). A job's
 * result is small JSON; a file it made (a print's PDF) lives in the file store and is fetched by its hash.
 */
export const m0070_jobs: Migration = {
  version: 70,
  name: 'jobs: long work persisted with its phase, progress, error and result file',
  sql: /* sql */ `
CREATE TABLE job (
  id             TEXT PRIMARY KEY,
  kind           TEXT NOT NULL,
  -- The unit the work concerns (a print's first unit, a package's unit); no foreign key: the list outlives units.
  unit_id        INTEGER,
  status         TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
  phase          TEXT NOT NULL,
  done           INTEGER NOT NULL DEFAULT 0,
  total          INTEGER NOT NULL DEFAULT 0,
  progress_unit  TEXT CHECK (progress_unit IN ('bytes')),
  eta_seconds    INTEGER,
  attempts       INTEGER NOT NULL DEFAULT 1,
  error_code     TEXT,
  error_message  TEXT,
  result         TEXT CHECK (result IS NULL OR json_valid(result)),
  result_sha256  TEXT REFERENCES blob(sha256),
  started_at     INTEGER NOT NULL,
  finished_at    INTEGER,
  -- Who started it, as the audit trail names them.
  actor          TEXT NOT NULL,
  -- Which process runs it ("<host>|<pid>|<runner>"): a running job whose process is gone was cut off by a crash.
  host           TEXT NOT NULL,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX job_by_start ON job (started_at DESC);
CREATE INDEX job_running ON job (status) WHERE status = 'running';
`,
};
