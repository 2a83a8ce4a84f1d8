// Numbered, forward-only schema migrations. Each runs in one transaction and sets PRAGMA user_version.
// Numbers leave gaps of 10 so a hot fix can slot in between released versions. Never edit a shipped migration:
// add a new one. Schema changes stay additive so older installs can still read what newer ones write where possible.
import { m0010_catalog } from './0010_catalog';
import { m0020_documents } from './0020_documents';
import { m0030_search } from './0030_search';
import { m0040_workstation } from './0040_workstation';
import { m0050_validation } from './0050_validation';
import { m0060_trust } from './0060_trust';
import { m0070_jobs } from './0070_jobs';
import { m0080_acceptance_rounds } from './0080_acceptance_rounds';
import { m0090_description } from './0090_description';
import { m0095_corrections } from './0095_corrections';
import { m0100_search_tokens } from './0100_search_tokens';
import { m0110_identity } from './0110_identity';
import { m0140_screening } from './0140_screening';
import { m0150_city_tier } from './0150_city_tier';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Rebuilds a table: foreign keys are off while it runs and all checked before it commits (engine/library/library.ts). */
  rebuildsTables?: true;
}

export const MIGRATIONS: readonly Migration[] = [
  m0010_catalog,
  m0020_documents,
  m0030_search,
  m0040_workstation,
  m0050_validation,
  m0060_trust,
  m0070_jobs,
  m0080_acceptance_rounds,
  m0090_description,
  m0095_corrections,
  m0100_search_tokens,
  m0110_identity,
  m0140_screening,
  m0150_city_tier,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
