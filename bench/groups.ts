// The benchmark groups, in the order `npm run bench` runs them. A new capability (OCR, search, print, pack) adds
// bench/<name>.ts exporting a BenchGroup and one line here.
import { busyGroup } from './busy';
import { checkGroup } from './check';
import { defectsGroup } from './defects';
import { demoGroup } from './demo';
import { fixityGroup } from './fixity';
import { describeGroup } from './describe';
import type { BenchGroup } from './harness';
import { memoryGroup } from './memory';
import { ocrGroup } from './ocr';
import { packGroup } from './pack';
import { printGroup } from './print';
import { rosterGroup } from './roster';
import { searchGroup } from './search';
import { signInGroup } from './signIn';
import { treeGroup } from './tree';

export const GROUPS: readonly BenchGroup[] = [rosterGroup, treeGroup, demoGroup, searchGroup, ocrGroup, checkGroup, printGroup, describeGroup, packGroup, signInGroup, busyGroup, fixityGroup, memoryGroup, defectsGroup];
