// Roster import (花名册导入) — placeholder signature; being implemented.
import type { RosterImportResult } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';

export interface RosterFile {
  fileName: string;
  bytes: Uint8Array;
}

export async function importRoster(
  _lib: Library,
  _file: RosterFile,
  _options: { keepValid: boolean },
  _ctx: JobContext,
): Promise<RosterImportResult> {
  throw new DangkaError('INTERNAL', 'not implemented');
}
