// One fake family: who lives in the household (户主, 配偶, children, grandchildren, a parent), their ages, ID
// numbers and the attributes the national roster records per person. Ages follow the relations (a child is at
// least 20 years younger than the head and the spouse) so the date checks of the validator pass on demo data.
import { idCheckChar } from '../../shared/idNumber';
import { fullName, surname, type Sex } from './names';
import type { Rng } from './random';

/** The data is "as of" the end of 2020, the year the 脱贫攻坚 campaign closed; every birth is before it. */
export const REFERENCE_YEAR = 2020;

export interface DemoMember {
  name: string;
  idNumber: string;
  /** 与户主关系 */
  relation: string;
  sex: Sex;
  /** YYYY-MM-DD, the same as in the ID number. */
  birthDate: string;
  ethnicity: string;
  education: string;
  health: string;
  labourSkill: string;
  /** 务工状况; null for those who do not work (children, students, the old and the sick). */
  workStatus: string | null;
}

/** Issues valid, unique 公民身份号码 of one county: GB 11643 check digit, odd sequence for men. */
export class IdIssuer {
  private readonly used = new Set<string>();

  constructor(private readonly regionCode: string) {}

  issue(rng: Rng, sex: Sex, birthYear: number): { idNumber: string; birthDate: string } {
    for (;;) {
      const month = rng.int(1, 12);
      const day = rng.int(1, new Date(Date.UTC(birthYear, month, 0)).getUTCDate());
      const date = `${birthYear}${pad2(month)}${pad2(day)}`;
      const sequence = String(rng.int(0, 499) * 2 + (sex === '男' ? 1 : 0)).padStart(3, '0');
      const first17 = `${this.regionCode}${date}${sequence}`;
      const idNumber = first17 + idCheckChar(first17);
      // Two people with one number would trip the 一户两拆 check (F3): draw again.
      if (this.used.has(idNumber)) continue;
      this.used.add(idNumber);
      return { idNumber, birthDate: `${birthYear}-${pad2(month)}-${pad2(day)}` };
    }
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const ETHNICITIES = [
  ['汉族', 93],
  ['回族', 2],
  ['土家族', 1.5],
  ['苗族', 1.5],
  ['满族', 1],
  ['蒙古族', 1],
] as const;

/** Household members by average size ~2.75 (建档立卡 households are small: many old couples and lone elders). */
const SIZES = [
  [1, 22],
  [2, 32],
  [3, 19],
  [4, 13],
  [5, 8],
  [6, 4],
  [7, 2],
] as const;

interface Slot {
  relation: string;
  sex: Sex;
  age: number;
  familyName: string;
  /** Married in: keeps the household's ethnicity less often. */
  inLaw: boolean;
}

const opposite = (sex: Sex): Sex => (sex === '男' ? '女' : '男');
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** Who lives in the household, head first, with ages at the reference year. */
function planFamily(rng: Rng, size: number): Slot[] {
  const threeGenerations = size >= 4 && rng.chance(0.45);
  const withParent = !threeGenerations && size >= 3 && rng.chance(0.2);
  const headAge = threeGenerations ? rng.int(52, 78) : withParent ? rng.int(30, 52) : size === 1 ? rng.int(40, 88) : rng.int(28, 76);
  const headSex: Sex = rng.chance(size === 1 ? 0.6 : 0.85) ? '男' : '女';
  const headName = surname(rng);
  const slots: Slot[] = [{ relation: '户主', sex: headSex, age: headAge, familyName: headName, inLaw: false }];
  const room = () => size - slots.length;
  let youngestParentAge = headAge;
  // Children carry the father's surname: the head's, the husband's, or a late husband's when a widow heads it.
  let childName = headSex === '男' ? headName : surname(rng);

  if (room() > 0 && rng.chance(0.85)) {
    const age = clamp(headAge + (headSex === '男' ? rng.int(-6, 3) : rng.int(-3, 6)), 20, 95);
    const spouseName = surname(rng);
    slots.push({ relation: '配偶', sex: opposite(headSex), age, familyName: spouseName, inLaw: true });
    if (headSex === '女') childName = spouseName;
    youngestParentAge = Math.min(headAge, age);
  }
  if (withParent && room() > 0) {
    const sex: Sex = rng.chance(0.65) ? '女' : '男';
    const age = Math.min(headAge + rng.int(22, 32), 96);
    slots.push({ relation: sex === '男' ? '之父' : '之母', sex, age, familyName: sex === '男' ? headName : surname(rng), inLaw: false });
  }
  if (threeGenerations && room() >= 3) {
    // Mostly a married son with his wife; sometimes a daughter whose husband moved in (上门女婿).
    const viaSon = rng.chance(0.8);
    const ownAge = rng.int(Math.max(20, youngestParentAge - 38), youngestParentAge - 20);
    const ownSex: Sex = viaSon ? '男' : '女';
    slots.push({ relation: viaSon ? '之子' : '之女', sex: ownSex, age: ownAge, familyName: childName, inLaw: false });
    const partnerAge = clamp(ownAge + rng.int(-4, 4), 20, 95);
    const partnerName = surname(rng);
    slots.push({ relation: viaSon ? '之儿媳' : '之女婿', sex: opposite(ownSex), age: partnerAge, familyName: partnerName, inLaw: true });
    const grandParentAge = Math.min(ownAge, partnerAge);
    const grandName = viaSon ? childName : rng.chance(0.5) ? childName : partnerName;
    for (let i = 0; i < 3 && room() > 0; i++) {
      const sex: Sex = rng.chance(0.5) ? '男' : '女';
      const age = rng.int(Math.max(0, grandParentAge - 38), grandParentAge - 20);
      const relation = viaSon ? (sex === '男' ? '之孙子' : '之孙女') : sex === '男' ? '之外孙子' : '之外孙女';
      slots.push({ relation, sex, age, familyName: grandName, inLaw: false });
    }
  }
  const children: Slot[] = [];
  while (room() > children.length) {
    const sex: Sex = rng.chance(0.52) ? '男' : '女';
    const age = rng.int(Math.max(0, youngestParentAge - 40), Math.max(0, youngestParentAge - 20));
    children.push({ relation: sex === '男' ? '之子' : '之女', sex, age, familyName: childName, inLaw: false });
  }
  // Rosters list children eldest first.
  return slots.concat(children.sort((a, b) => b.age - a.age));
}

function education(rng: Rng, age: number, birthYear: number): string {
  if (age < 6) return '学龄前儿童';
  if (age <= 11) return '小学';
  if (age <= 14) return '初中';
  if (age <= 17) return rng.chance(0.7) ? '高中' : '初中';
  if (age <= 22) return rng.weighted([['大专及以上', 25], ['高中', 35], ['初中', 40]]);
  if (birthYear < 1955) return rng.weighted([['文盲或半文盲', 40], ['小学', 45], ['初中', 15]]);
  if (birthYear < 1975) return rng.weighted([['文盲或半文盲', 15], ['小学', 40], ['初中', 40], ['高中', 5]]);
  return rng.weighted([['小学', 20], ['初中', 55], ['高中', 18], ['大专及以上', 7]]);
}

function health(rng: Rng, age: number): string {
  const chronic = age >= 60 ? 0.3 : age >= 40 ? 0.12 : 0.03;
  const serious = age >= 40 ? 0.06 : 0.02;
  return rng.weighted([
    ['长期慢性病', chronic],
    ['患有大病', serious],
    ['残疾', 0.05],
    ['健康', 1 - chronic - serious - 0.05],
  ]);
}

function labourSkill(rng: Rng, age: number, healthStatus: string, studying: boolean): string {
  if (age < 16 || studying) return '无劳动力';
  if (healthStatus === '残疾' || healthStatus === '患有大病') return rng.chance(0.7) ? '丧失劳动力' : '弱劳动力或半劳动力';
  if (age >= 70) return '无劳动力';
  if (age >= 60 || healthStatus === '长期慢性病') return rng.chance(0.55) ? '弱劳动力或半劳动力' : '普通劳动力';
  return rng.chance(0.12) ? '技能劳动力' : '普通劳动力';
}

function workStatus(rng: Rng, skill: string): string | null {
  if (skill === '无劳动力' || skill === '丧失劳动力') return null;
  if (skill === '弱劳动力或半劳动力') return rng.chance(0.8) ? '其他' : '乡（镇）内务工';
  return rng.weighted([
    ['乡（镇）内务工', 20],
    ['乡（镇）外县内务工', 15],
    ['县外省内务工', 15],
    ['省外务工', 20],
    ['其他', 30],
  ]);
}

/** A whole household, head first. */
export function generateMembers(rng: Rng, ids: IdIssuer): DemoMember[] {
  const size = rng.weighted(SIZES);
  const ethnicity = rng.weighted(ETHNICITIES);
  return planFamily(rng, size).map((slot) => {
    const birthYear = REFERENCE_YEAR - slot.age;
    const { idNumber, birthDate } = ids.issue(rng, slot.sex, birthYear);
    const edu = education(rng, slot.age, birthYear);
    const studying =
      (slot.age >= 6 && slot.age <= 14) || (slot.age <= 17 && edu === '高中') || (slot.age <= 22 && edu === '大专及以上');
    const healthStatus = health(rng, slot.age);
    const skill = labourSkill(rng, slot.age, healthStatus, studying);
    return {
      name: fullName(rng, slot.sex, birthYear, slot.familyName),
      idNumber,
      relation: slot.relation,
      sex: slot.sex,
      birthDate,
      ethnicity: slot.inLaw && rng.chance(0.15) ? '汉族' : ethnicity,
      education: edu,
      health: healthStatus,
      labourSkill: skill,
      workStatus: workStatus(rng, skill),
    };
  });
}
