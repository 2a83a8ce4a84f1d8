// Dossier templates are data (resources/templates/*.json), editable per province. A library keeps a copy of
// the template it was created with, so a later change to the shipped default never silently changes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DangkaError } from '../../shared/errors';
import { TIERS, type TemplateCategory, type Tier } from '../../shared/domain';
import { resourcesDir } from '../resources';

const category = z.object({
  name: z.string().min(1),
  code: z.string().optional(),
  items: z.array(z.string().min(1)).min(1),
  source: z.string().optional(),
});

const tierTemplate = z.object({ name: z.string().min(1), categories: z.array(category).min(1) });

export const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, '模板 id 只能含小写字母、数字和-'),
  version: z.string().min(1),
  name: z.string().min(1),
  note: z.string().optional(),
  // The 市's own file is optional: a template written before the 市 tier has none, and a 市 then takes the shipped one.
  tiers: z.object({ city: tierTemplate.optional(), county: tierTemplate, township: tierTemplate, village: tierTemplate, household: tierTemplate }),
  checklists: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      scope: z.array(z.enum(TIERS)),
      items: z.array(z.string().min(1)).min(1),
      /**
       * Template items that also fulfil an entry ('<category>/<item>' of the unit's tier, or '户:<category>/<item>'
       * when any household of the village has it); otherwise a document is filed under '<checklist>/<entry>'.
       */
      satisfiedBy: z.record(z.string(), z.array(z.string().min(1))).default({}),
      source: z.string().optional(),
    }),
  ),
  enums: z.record(z.string(), z.array(z.string())),
  /** Item-level description (著录): whether 密级 is asked for, and the 保管期限 a document has unless set. */
  description: z.object({ secrecy: z.boolean().default(false), retention: z.enum(['Y', 'D30', 'D10']).default('Y') }).optional(),
});
export type DossierTemplate = z.infer<typeof templateSchema>;

export function parseTemplate(json: string, origin: string): DossierTemplate {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new DangkaError('INVALID_INPUT', `模板文件不是有效的 JSON：${origin}`);
  }
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DangkaError('INVALID_INPUT', `模板文件格式不对（${first.path.join('.')}：${first.message}）：${origin}`);
  }
  return parsed.data;
}

export function loadTemplateFile(path: string): DossierTemplate {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch {
    throw new DangkaError('FILE_UNREADABLE', `无法读取模板文件：${path}`);
  }
  return parseTemplate(json, path);
}

export function loadDefaultTemplate(): DossierTemplate {
  return loadTemplateFile(join(resourcesDir(), 'templates', 'default.json'));
}

export function templateForTier(template: DossierTemplate, tier: Tier): TemplateCategory[] {
  const own = template.tiers[tier] ?? loadDefaultTemplate().tiers[tier];
  if (!own) throw new DangkaError('INVALID_INPUT', `模板中没有${tier}级档案的类目`);
  return own.categories.map(({ name, code, items }) => (code ? { name, code, items } : { name, items }));
}

/** A checklist entry (八有/十有) of a tier: filed under its own path, or fulfilled by one of its alternatives. */
export interface ChecklistEntry {
  path: string;
  alternatives: string[];
}

export function checklistEntries(template: DossierTemplate, tier: Tier): ChecklistEntry[] {
  return template.checklists
    .filter((c) => c.scope.includes(tier))
    .flatMap((c) => c.items.map((entry) => ({ path: `${c.name}/${entry}`, alternatives: c.satisfiedBy[entry] ?? [] })));
}
