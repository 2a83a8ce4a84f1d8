// One owner per table (issue 13, item 5), second guard: every INSERT, UPDATE, DELETE or REPLACE in the engine's
// source is attributed to its file, and each table may be written only by its owner. A new writer fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The module that owns each table's rows. */
const OWNER: Record<string, string> = {
  app_user: 'engine/auth/users.ts',
  audit: 'engine/audit/trail.ts',
  blob: 'engine/library/blobs.ts',
  check_found: 'engine/validate/problems.ts',
  check_result: 'engine/validate/check.ts',
  check_scope: 'engine/validate/problems.ts',
  contact_person: 'engine/catalog/households.ts',
  document: 'engine/ingest/documents.ts',
  document_bin: 'engine/ingest/recycleBin.ts',
  form_record: 'engine/validate/formRecords.ts',
  household: 'engine/catalog/householdRecords.ts',
  home_copy: 'engine/catalog/homeCopy.ts',
  screening_answer: 'engine/catalog/screening.ts',
  household_contact: 'engine/catalog/households.ts',
  household_status_event: 'engine/catalog/corrections.ts',
  job: 'engine/jobs/jobs.ts',
  member: 'engine/catalog/householdRecords.ts',
  meta: 'engine/library/library.ts',
  page: 'engine/ingest/documents.ts',
  problem: 'engine/validate/problems.ts',
  review_round: 'engine/validate/review.ts',
  review_round_member: 'engine/validate/review.ts',
  review_round_stage: 'engine/validate/review.ts',
  review_round_unit: 'engine/validate/review.ts',
  review_signoff: 'engine/validate/review.ts',
  sign_in_failure: 'engine/auth/throttle.ts',
  search_index: 'engine/search/indexer.ts',
  search_queue: 'engine/search/indexer.ts',
  unit: 'engine/catalog/units.ts',
  workstation_setting: 'engine/library/workstation.ts',
};

const WRITE = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** table → the files whose SQL writes it (schema migrations aside: they define the tables). */
function writers(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of sources(join(root, 'engine'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(WRITE)) {
      const table = m[1]!;
      if (!found.has(table)) found.set(table, new Set());
      found.get(table)!.add(relative(root, file));
    }
  }
  return found;
}

describe('one owner per table', () => {
  const found = writers();

  it('has an owner for every table the engine writes', () => {
    expect([...found.keys()].filter((t) => !(t in OWNER)).sort()).toEqual([]);
  });

  it('lets no module but the owner write a table', () => {
    const strays: string[] = [];
    for (const [table, files] of found) for (const file of files) if (file !== OWNER[table]) strays.push(`${table} ← ${file}`);
    expect(strays.sort()).toEqual([]);
  });
});

// The first guard is the compiler: owners' writes take the writable handle (engine/library/handles.ts,
// tests/unit/handles.typecheck.ts). That holds only while the handle is granted by the one-writer machinery alone.
describe('the writable handle', () => {
  const MACHINERY = ['engine/library/handles.ts', 'engine/library/library.ts'];

  it('is granted only by the one-writer machinery (library.ts; jobs.ts through it)', () => {
    const granting = sources(join(root, 'engine'))
      .filter((file) => /\bgrantWrite\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(granting.sort()).toEqual(MACHINERY);
  });

  it('is never made by a cast in the engine', () => {
    const casts = sources(join(root, 'engine')).filter((file) => !MACHINERY.includes(relative(root, file)) && /\bas\s+WriteDb\b/.test(readFileSync(file, 'utf8')));
    expect(casts.map((file) => relative(root, file))).toEqual([]);
  });
});
