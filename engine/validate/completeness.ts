// Completeness (K1, K2): which entries of a unit's dossier are there. A village, township or county needs a
// document under every item of its template, and under every entry of its checklists (八有, 十有) unless a
// template item that fulfils the entry has one (the template's satisfiedBy; '户:' = any household of the
// village). A household needs the items of its 村级户档, the record that its 家庭户档 was made and handed over
// (that copy stays at home: no scans of it are asked for) and its three 明白卡 complete (photo, name, post, phone). The parts Dangka prints itself (卷内目录, 备考表) and the 明白卡 items (printed from
// the contact data) are not documents to look for.
import { CONTACT_ROLE_LABEL, CONTACT_ROLES, type Tier } from '../../shared/domain';
import { checklistEntries, templateForTier, type DossierTemplate } from '../catalog/template';
import type { HouseholdData } from './model';

export interface Completeness {
  required: number;
  present: number;
  /** What is missing or incomplete, in Chinese, in template order. */
  missing: string[];
}

/** An entry is present when a document is filed under `path` or under one of `alternatives`. */
export interface RequiredEntry {
  path: string;
  alternatives: string[];
}

/** A household item Dangka prints itself rather than a document to file. */
function isPrintedPart(item: string): boolean {
  return /^(卷内目录|备考表)$/.test(item) || (item.endsWith('明白卡') && item !== '贫困户精准扶贫明白卡');
}

/** The template category of the 家庭户档, the copy kept at the household (seed 003). */
const HOME_COPY_CATEGORY = 'family_copy';
/**
 * The one entry that stands for the whole 家庭户档: it is kept at home, so Dangka cannot hold its scans and asks for
 * the record that it was made and handed over (home_copy) instead; engine/validate/data.ts marks it present.
 */
export const HOME_COPY_ENTRY = '家庭户档/制作并交付到户';

export function requiredEntries(template: DossierTemplate, tier: Tier): RequiredEntry[] {
  const categories = templateForTier(template, tier);
  const items = categories
    .filter((c) => tier !== 'household' || c.code !== HOME_COPY_CATEGORY)
    .flatMap((c) => c.items.filter((i) => tier !== 'household' || !isPrintedPart(i)).map((i) => ({ path: `${c.name}/${i}`, alternatives: [] })));
  const homeCopy = tier === 'household' && categories.some((c) => c.code === HOME_COPY_CATEGORY) ? [{ path: HOME_COPY_ENTRY, alternatives: [] }] : [];
  return [...items, ...homeCopy, ...checklistEntries(template, tier)];
}

/** `householdFiled`: items filed in any household of the village (for '户:' alternatives). */
export function unitCompleteness(required: readonly RequiredEntry[], filed: ReadonlySet<string>, householdFiled: ReadonlySet<string> = new Set()): Completeness {
  const present = (e: RequiredEntry) =>
    filed.has(e.path) || e.alternatives.some((a) => (a.startsWith('户:') ? householdFiled.has(a.slice(2)) : filed.has(a)));
  const missing = required.filter((e) => !present(e)).map((e) => e.path);
  return { required: required.length, present: required.length - missing.length, missing };
}

export function householdCompleteness(required: readonly RequiredEntry[], h: HouseholdData): Completeness {
  const docs = unitCompleteness(required, h.items);
  const cards = CONTACT_ROLES.map((role) => {
    const c = h.contacts.find((x) => x.role === role);
    const lacks = !c ? ['未指定'] : [...(c.hasPhoto ? [] : ['照片']), ...(c.name ? [] : ['姓名']), ...(c.post ? [] : ['职务']), ...(c.phone ? [] : ['电话'])];
    return lacks.length ? `${CONTACT_ROLE_LABEL[role]}明白卡（缺${lacks.join('、')}）` : null;
  });
  const missingCards = cards.filter((c): c is string => c !== null);
  return {
    required: docs.required + CONTACT_ROLES.length,
    present: docs.present + CONTACT_ROLES.length - missingCards.length,
    missing: [...missingCards, ...docs.missing],
  };
}

/** Everything filed in the households of a village. */
export function householdItems(households: readonly HouseholdData[]): Set<string> {
  const all = new Set<string>();
  for (const h of households) for (const i of h.items) all.add(i);
  return all;
}
