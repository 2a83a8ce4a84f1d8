// The plan of a package merge (issue 15 item 6): what 确认导入 would change, counted before anything is written.
import type { BagImportConflict, BagProblem } from './domain';
import type { FourPropertyCheck } from './fixity';

/** Counts of one merge. "Units" are the places above households (县, 乡镇, 村); households are counted apart. */
export interface ImportTally {
  unitsNew: number;
  unitsUpdated: number;
  /** Already here with the same data, or a conflict settled for the library's side. */
  unitsUnchanged: number;
  householdsNew: number;
  householdsUpdated: number;
  householdsUnchanged: number;
  documentsNew: number;
  /** Documents the library already has (the same pages by hash): never replaced. */
  documentsUnchanged: number;
  pagesNew: number;
  pagesUnchanged: number;
  /** Form records the package sets (of new households and conflicts the package wins). */
  forms: number;
}

export interface BagImportPlan extends ImportTally {
  /** False when verification or a check refused the package: problems say why, and there is nothing to confirm. */
  ready: boolean;
  source: string;
  /** Files the merge would copy into the store, and files the store already holds. */
  filesNew: number;
  filesStored: number;
  /** Units here and in the package with different data, each named with whose data would stand and why. */
  conflicts: BagImportConflict[];
  problems: BagProblem[];
  /** The package's 四性检测 (shared/fixity.ts), run before anything else: a failure of 真实性、完整性、安全性 refuses it. */
  checks: FourPropertyCheck[];
}

export function emptyTally(): ImportTally {
  return {
    unitsNew: 0,
    unitsUpdated: 0,
    unitsUnchanged: 0,
    householdsNew: 0,
    householdsUpdated: 0,
    householdsUnchanged: 0,
    documentsNew: 0,
    documentsUnchanged: 0,
    pagesNew: 0,
    pagesUnchanged: 0,
    forms: 0,
  };
}
