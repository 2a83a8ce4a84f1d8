// A rule checks one village (with its households) and reports findings; rules are pure, so each is tested alone
// with a passing and a failing case (tests/unit/rules.test.ts).
import type { ScreeningChecklist } from '../../shared/screening';
import type { DossierTemplate } from '../catalog/template';
import type { RuleSetting } from './config';
import type { Finding, VillageData } from './model';

export type Emit = (finding: Omit<Finding, 'ruleId' | 'severity'>) => void;

export interface RuleContext {
  setting: RuleSetting | undefined;
  template: DossierTemplate;
  /** For age-dependent checks. */
  today: Date;
  /** ID numbers found in more than one household (the whole county), with those households. */
  sharedIds: ReadonlyMap<string, readonly { householdId: number; name: string }[]>;
  /** The screening checklists of the rules file (rule H1's params.checklists); none when the file names none. */
  checklists?: readonly ScreeningChecklist[];
}

export interface Rule {
  id: string;
  check(village: VillageData, ctx: RuleContext, emit: Emit): void;
}

/** 2019-03-15 → 2019年3月15日, as the clerk reads it. */
export function cnDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}
