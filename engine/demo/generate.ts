// The sample county as plain data: 示例市示例县 with its townships, villages, households, members and the three
// 明白卡 contact persons. Pure and deterministic for a seed, so `dangka demo`, the tests and the benchmarks build
// the same county. Every name says it is sample data (示例一镇, 东岭示范村); the county code 419999 is not a real
// 区划代码, so the ID numbers built on it belong to nobody.
import type { ContactRole, HouseholdStatus } from '../../shared/domain';
import { fullName, surname, type Sex } from './names';
import { generateMembers, IdIssuer, REFERENCE_YEAR, type DemoMember } from './people';
import { Rng } from './random';

export const DEMO_COUNTY = { name: '示例县', city: '示例市', code: '419999' } as const;
export const DEMO_NOTE =
  '示例数据：由 dangka demo 生成的虚构县（示例市示例县，区划代码 419999 并不存在）。所有人名、身份证号、电话均为虚构，仅供试用、培训和测试，请勿当作真实档案。';
export const DEFAULT_DEMO_HOUSEHOLDS = 3000;
export const DEFAULT_DEMO_SEED = 2020;
export const MAX_DEMO_HOUSEHOLDS = 100_000;

/** The default county has 15 townships of 11 villages; a small one fewer (about 10 households a village at least). */
const MAX_TOWNSHIPS = 15;
const VILLAGES_PER_TOWNSHIP = 11;
const MIN_HOUSEHOLDS_PER_VILLAGE = 10;

export interface DemoContact {
  role: ContactRole;
  name: string;
  sex: Sex;
  post: string;
  workUnit: string;
  phone: string;
  /** False for a few people, so the UI and the checks have a missing photo to flag. */
  hasPhoto: boolean;
}

export interface DemoHousehold {
  /** 户编号: the village's 12-digit code and a 4-digit number. */
  householdNo: string;
  naturalVillage: string;
  /** 贫困户属性; null for 边缘户, who were never registered as poor. */
  attribute: string | null;
  mainCause: string;
  /** 脱贫年度; null for 边缘户. */
  exitYear: number | null;
  perCapitaIncome: number;
  phone: string;
  status: HouseholdStatus;
  /** Head (户主) first. */
  members: DemoMember[];
  /** Indexes into DemoCounty.contacts. */
  contacts: Record<ContactRole, number>;
}

export interface DemoVillage {
  name: string;
  /** The full 12-digit 统计用区划代码. */
  regionCode: string;
  households: DemoHousehold[];
}

export interface DemoTownship {
  name: string;
  /** The 9-digit prefix (县6 + 乡3). */
  regionCode: string;
  villages: DemoVillage[];
}

export interface DemoCounty {
  name: string;
  city: string;
  /** 6-digit county code. */
  code: string;
  note: string;
  seed: number;
  townships: DemoTownship[];
  contacts: DemoContact[];
}

export interface DemoOptions {
  households?: number;
  seed?: number;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const PLACE_FIRST = '东西南北上下前后大小新老金石青';
const PLACE_SECOND = '岭河湾坪岗沟塘桥庄店山林峪川营';
const HAMLET_SUFFIX = '湾庄岭沟坪洼';

/** 帮扶单位: the county departments that send first secretaries and helpers. */
const DEPARTMENTS = [
  '农业农村局',
  '财政局',
  '教育局',
  '卫生健康委员会',
  '交通运输局',
  '水利局',
  '自然资源局',
  '人力资源和社会保障局',
  '民政局',
  '住房和城乡建设局',
  '林业局',
  '审计局',
  '统计局',
  '供销合作社',
  '乡村振兴局',
];

const STATUSES = [
  ['stable', 85],
  ['monitored', 9],
  ['returned', 2],
  ['marginal', 4],
] as const;

const EXIT_YEARS = [
  [2014, 4],
  [2015, 8],
  [2016, 18],
  [2017, 20],
  [2018, 22],
  [2019, 20],
  [2020, 8],
] as const;

/** Causes when nothing in the family points to one (病、残、学、缺劳力 are decided from the members). */
const OTHER_CAUSES = [
  ['缺技术', 20],
  ['缺资金', 20],
  ['因病', 10],
  ['缺劳力', 10],
  ['自身发展动力不足', 6],
  ['缺土地', 5],
  ['交通条件落后', 4],
  ['因灾', 4],
  ['缺水', 3],
  ['其他', 2],
  ['因婚', 1],
] as const;

/** Income bands (元/人/年) by ledger: returned households fell back under the line, stable ones are well above. */
const INCOME: Record<Exclude<HouseholdStatus, 'ordinary'>, [number, number]> = {
  stable: [5200, 16000],
  monitored: [4200, 7500],
  returned: [2800, 4600],
  marginal: [4000, 6800],
};

/** A mobile number: 1, then 3/5/7/8/9, then nine digits. */
function mobile(rng: Rng): string {
  return `1${rng.char('35789')}${rng.digits(9)}`;
}

/** A landline with 0399, an area code no city uses. */
function landline(rng: Rng): string {
  return `0399-${rng.char('2345678')}${rng.digits(6)}`;
}

function person(rng: Rng, role: ContactRole, post: string, workUnit: string): DemoContact {
  const sex: Sex = rng.chance(0.7) ? '男' : '女';
  const birthYear = REFERENCE_YEAR - rng.int(26, 56);
  return {
    role,
    name: fullName(rng, sex, birthYear),
    sex,
    post,
    workUnit,
    phone: role === 'groupLeader' && rng.chance(0.2) ? landline(rng) : mobile(rng),
    hasPhoto: !rng.chance(0.02),
  };
}

/** Splits n into parts proportional to random weights, each at least 1. */
function apportion(rng: Rng, n: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => 0.5 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  const spare = n - parts;
  const counts = weights.map((w) => 1 + Math.floor((spare * w) / total));
  let left = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts, left--) counts[i]!++;
  return counts;
}

/** How many of the `remaining` households the next helper takes: 5–10, never leaving fewer than 5 for the next. */
function runLength(rng: Rng, remaining: number): number {
  if (remaining <= 10) return remaining;
  const n = rng.int(5, 10);
  return remaining - n < 5 ? remaining - 5 : n;
}

/** Distinct village names (东岭示范村 …) drawn without repetition. */
function villageNames(rng: Rng, count: number): string[] {
  const all: string[] = [];
  for (const a of PLACE_FIRST) for (const b of PLACE_SECOND) all.push(`${a}${b}示范村`);
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

function mainCause(rng: Rng, members: DemoMember[]): string {
  if (members.some((m) => m.health === '患有大病' || m.health === '长期慢性病') && rng.chance(0.6)) return '因病';
  if (members.some((m) => m.health === '残疾') && rng.chance(0.6)) return '因残';
  if (members.some((m) => m.education === '大专及以上' || m.education === '高中') && rng.chance(0.3)) return '因学';
  if (members.every((m) => m.workStatus === null) && rng.chance(0.7)) return '缺劳力';
  return rng.weighted(OTHER_CAUSES);
}

function attribute(rng: Rng, members: DemoMember[]): string {
  const head = members[0]!;
  const oldAndAlone = members.length === 1 && Number(head.birthDate.slice(0, 4)) <= REFERENCE_YEAR - 60;
  if (oldAndAlone && rng.chance(0.4)) return '特困供养贫困户';
  return rng.weighted([
    ['一般贫困户', 70],
    ['低保贫困户', 25],
    ['特困供养贫困户', 5],
  ]);
}

function household(rng: Rng, ids: IdIssuer, householdNo: string, hamlets: string[]): Omit<DemoHousehold, 'contacts'> {
  const members = generateMembers(rng, ids);
  const status = rng.weighted(STATUSES);
  const [low, high] = INCOME[status];
  const marginal = status === 'marginal';
  return {
    householdNo,
    naturalVillage: rng.pick(hamlets),
    attribute: marginal ? null : attribute(rng, members),
    mainCause: mainCause(rng, members),
    exitYear: marginal ? null : rng.weighted(EXIT_YEARS),
    perCapitaIncome: rng.int(low * 100, high * 100) / 100,
    phone: mobile(rng),
    status,
    members,
  };
}

export function generateCounty(options: DemoOptions = {}): DemoCounty {
  const households = options.households ?? DEFAULT_DEMO_HOUSEHOLDS;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(households) || households < 1 || households > MAX_DEMO_HOUSEHOLDS) {
    throw new RangeError(`households must be an integer in 1..${MAX_DEMO_HOUSEHOLDS}`);
  }
  const rng = new Rng(seed);
  const ids = new IdIssuer(DEMO_COUNTY.code);
  const contacts: DemoContact[] = [];
  const addContact = (c: DemoContact) => contacts.push(c) - 1;

  const villageCount = Math.min(MAX_TOWNSHIPS * VILLAGES_PER_TOWNSHIP, Math.ceil(households / MIN_HOUSEHOLDS_PER_VILLAGE));
  const townshipCount = Math.ceil(villageCount / VILLAGES_PER_TOWNSHIP);
  const names = villageNames(rng, villageCount);
  const perVillage = apportion(rng, households, villageCount);
  let villageIndex = 0;

  const townships: DemoTownship[] = [];
  for (let t = 0; t < townshipCount; t++) {
    const kind = t % 3 === 2 ? '乡' : '镇';
    const name = `示例${NUMERALS[t]}${kind}`;
    const regionCode = `${DEMO_COUNTY.code}${101 + t}`;
    const government = `${name}人民政府`;
    const villagesHere = Math.min(VILLAGES_PER_TOWNSHIP, villageCount - villageIndex);
    // 脱贫责任组: a handful of township leaders, each in charge of a few villages.
    const leaderPosts = ['党委副书记', `副${kind}长`, '人大主席', '纪委书记', '组织委员', '武装部长'];
    const leaders = leaderPosts
      .slice(0, Math.min(6, Math.max(1, Math.ceil(villagesHere / 3))))
      .map((post) => addContact(person(rng, 'groupLeader', post, government)));

    const villages: DemoVillage[] = [];
    for (let v = 0; v < villagesHere; v++, villageIndex++) {
      const villageCode = `${regionCode}${201 + v}`;
      const department = `${DEMO_COUNTY.name}${rng.pick(DEPARTMENTS)}`;
      const secretary = addContact(person(rng, 'firstSecretary', '驻村第一书记', department));
      const hamlets = Array.from({ length: rng.int(2, 5) }, () => `${surname(rng)}家${rng.char(HAMLET_SUFFIX)}`);
      const count = perVillage[villageIndex]!;
      const list: DemoHousehold[] = [];
      // 帮扶责任人: each serves a run of 5–10 neighbouring households (fewer only in a village that small).
      let helper = -1;
      let helperLeft = 0;
      for (let h = 0; h < count; h++) {
        if (helperLeft === 0) {
          const post = rng.weighted([['科员', 40], ['副科长', 15], ['科长', 10], ['教师', 15], ['医生', 8], ['干部', 12]] as const);
          const unit = rng.weighted([[department, 60], [government, 25], [`${DEMO_COUNTY.name}${rng.pick(DEPARTMENTS)}`, 15]] as const);
          helper = addContact(person(rng, 'helper', post, unit));
          helperLeft = runLength(rng, count - h);
        }
        helperLeft--;
        const householdNo = `${villageCode}${String(h + 1).padStart(4, '0')}`;
        list.push({
          ...household(rng, ids, householdNo, hamlets),
          contacts: { groupLeader: leaders[v % leaders.length]!, firstSecretary: secretary, helper },
        });
      }
      villages.push({ name: names[villageIndex]!, regionCode: villageCode, households: list });
    }
    townships.push({ name, regionCode, villages });
  }
  return { name: DEMO_COUNTY.name, city: DEMO_COUNTY.city, code: DEMO_COUNTY.code, note: DEMO_NOTE, seed, townships, contacts };
}
