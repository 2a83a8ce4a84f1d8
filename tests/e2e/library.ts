// What the tests know about the demo library, read through the CLI as a clerk could (never guessed).
import { dangka } from './fixtures';

export interface TreeNode {
  id: number;
  tier: 'county' | 'township' | 'village' | 'household';
  name: string;
  archiveCode: string;
  childCount: number;
  children?: TreeNode[];
}

export interface ShownPerson {
  id: number;
  name: string;
  post: string;
  workUnit: string;
  phone: string;
  photoSha256: string | null;
  householdCount: number;
}

export interface ShownHousehold {
  unit: { id: number; name: string; archiveCode: string };
  householdNo: string;
  headName: string;
  status: string;
  members: { name: string; relation: string }[];
  contacts: Record<'groupLeader' | 'firstSecretary' | 'helper', ShownPerson | null>;
}

export function countyTree(library: string): TreeNode {
  const [county] = JSON.parse(dangka('tree', '--library', library, '--json')) as TreeNode[];
  return county!;
}

/** The `index`-th household of the library in tree order, with its path, through `dangka show --json`. */
export function household(library: string, index: number): ShownHousehold & { path: string[] } {
  const county = countyTree(library);
  const all: string[][] = [];
  for (const t of county.children ?? []) for (const v of t.children ?? []) for (const h of v.children ?? []) all.push([county.name, t.name, v.name, h.name]);
  const path = all[index % all.length]!;
  const shown = JSON.parse(dangka('show', path.join('/'), '--library', library, '--json')) as ShownHousehold;
  return { ...shown, path };
}

/** A village with its township, by position in the tree. */
export function village(library: string, township: number, index: number): { township: TreeNode; village: TreeNode } {
  const county = countyTree(library);
  const t = county.children![township]!;
  return { township: t, village: t.children![index]! };
}
