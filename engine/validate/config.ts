// The rules file: which checks run, how severe their findings are, and their parameters. Data, not code
// (resources/rules/default.json); a province's version placed in the library folder as rules.json wins.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DangkaError } from '../../shared/errors';
import type { Library } from '../library/library';
import { resourcesDir } from '../resources';

const ruleSetting = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  severity: z.enum(['error', 'warning']),
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()).default({}),
});
const rulesFile = z.object({ id: z.string(), version: z.string(), note: z.string().optional(), rules: z.array(ruleSetting) });

export type RuleSetting = z.infer<typeof ruleSetting>;
export type RulesConfig = Map<string, RuleSetting>;

export const LIBRARY_RULES_FILE = 'rules.json';

export function parseRules(json: string, origin: string): RulesConfig {
  let parsed: z.infer<typeof rulesFile>;
  try {
    parsed = rulesFile.parse(JSON.parse(json));
  } catch (err) {
    const why = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('；') : '不是有效的 JSON';
    throw new DangkaError('INVALID_INPUT', `检查规则文件有误（${origin}）：${why}`);
  }
  return new Map(parsed.rules.map((r) => [r.id, r]));
}

export function loadRules(lib: Library): RulesConfig {
  const own = join(lib.dir, LIBRARY_RULES_FILE);
  const file = existsSync(own) ? own : join(resourcesDir(), 'rules', 'default.json');
  return parseRules(readFileSync(file, 'utf8'), file);
}

/** A numeric parameter of a rule, or its default. */
export function numberParam(setting: RuleSetting | undefined, key: string, fallback: number): number {
  const value = setting?.params[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * The signature slots of each form (seeds 001 and 003): those rule S1 lists as offered (params.slots) or required
 * (params.required). A province names its own in its rules file; the editor and the Excel import follow.
 */
export function signatureSlots(rules: RulesConfig): Record<string, string[]> {
  const params = rules.get('S1')?.params ?? {};
  const slots = (params.slots ?? {}) as Record<string, string[]>;
  const required = (params.required ?? {}) as Record<string, string[]>;
  const out: Record<string, string[]> = {};
  for (const type of new Set([...Object.keys(slots), ...Object.keys(required)])) out[type] = [...new Set([...(required[type] ?? []), ...(slots[type] ?? [])])];
  return out;
}
