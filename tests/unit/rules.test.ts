// Every consistency rule with a passing and a failing case, on a small village built in memory: the procedure
// of one identification round (申请 → 四议 → 两公示一公告) done right, then broken one way at a time.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadDefaultTemplate } from '../../engine/catalog/template';
import type { RuleSetting } from '../../engine/validate/config';
import { formsOf, type Finding, type FormRecord, type HouseholdData, type MemberData, type VillageData } from '../../engine/validate/model';
import { looksAlike, nameVariant } from '../../engine/validate/names';
import { RULES } from '../../engine/validate/check';
import type { RuleContext } from '../../engine/validate/rule';
import { formSchemas, type FormFields, type FormType } from '../../shared/forms';
import { idCheckChar } from '../../shared/idNumber';

const template = loadDefaultTemplate();
const TODAY = new Date('2026-11-22T00:00:00Z');

/** A valid ID number for a birth date and sex (odd sequence = male). */
function idFor(birth: string, male: boolean, seq = 1): string {
  const first17 = `419999${birth.replace(/-/g, '')}${String(seq * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

let nextFormId = 1;
function form<T extends FormType>(type: T, unitId: number, fields: z.input<(typeof formSchemas)[T]>): FormRecord<T> {
  return { id: nextFormId++, unitId, documentId: null, type, fields: formSchemas[type].parse(fields) as FormFields<T> };
}

function member(name: string, birth: string, male: boolean, relation = '户主', extra: Partial<MemberData> = {}): MemberData {
  return { name, idNumber: idFor(birth, male), relation, sex: male ? '男' : '女', birthDate: birth, health: '健康', labourSkill: '普通劳动力', ...extra };
}

function household(id: number, name: string, members: MemberData[], extra: Partial<HouseholdData> = {}): HouseholdData {
  return {
    id,
    name,
    householdNo: `H${id}`,
    mainCause: '因病',
    perCapitaIncome: 3000,
    exitYear: 2020,
    declaredSize: members.length,
    phone: '13800138000',
    status: 'ordinary',
    members,
    contacts: [],
    forms: [],
    items: new Set(),
    screening: new Map(),
    ...extra,
  };
}

const SIGNED = { 申请人: true, 户主: true, 填表人: true, 审核人: true, 参会人员: true, 调查人: true, 核查人: true };

/** One round done right: application 3-01, meetings 3-05..3-20, 公示 3-21 (7 days), 3-30 (7 days), 公告 4-08. */
function goodVillage(): VillageData {
  const wang = household(101, '王建国', [member('王建国', '1970-05-06', true), member('李秀英', '1972-08-09', false, '配偶')]);
  wang.forms.push(
    form('application', 101, { date: '2019-03-01', applicant: '王建国', signatures: SIGNED }),
    form('census', 101, { date: '2019-03-03', surveyor: '刘调查', checkerOpinion: '情况属实', signatures: SIGNED }),
    form('survey', 101, { exitYear: 2020, members: 2, mainCause: '因病', otherCauses: ['缺资金'], transferIncome: 1200, netIncome: 6000, perCapitaIncome: 3000, signatures: SIGNED }),
    form('householdCard', 101, { measures: [{ category: '健康扶贫', content: '慢性病签约服务' }], effect: '医疗支出减少', signatures: SIGNED }),
  );
  const listed = [{ head: '王建国', size: 2, cause: '因病' }];
  const quote = { meetingDate: '2019-03-20', meetingPresent: 40, meetingSignedIn: 40, meetingVotesFor: 38 };
  return {
    id: 10,
    name: '桃园村',
    items: new Set(),
    households: [wang],
    forms: [
      form('meeting', 10, { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: SIGNED }),
      form('meeting', 10, { round: 2019, stage: '商议', date: '2019-03-08', due: 9, present: 9, signedIn: 9, votesFor: 9, signatures: SIGNED }),
      form('meeting', 10, { round: 2019, stage: '审议', date: '2019-03-12', due: 30, present: 25, signedIn: 25, votesFor: 24, signatures: SIGNED }),
      form('meeting', 10, { round: 2019, stage: '决议', date: '2019-03-20', due: 45, present: 40, signedIn: 40, votesFor: 38, votesAgainst: 2, signatures: SIGNED }),
      form('notice', 10, { round: 2019, kind: '第一次公示', date: '2019-03-21', periodDays: 7, ...quote, households: listed }),
      form('step', 10, { round: 2019, step: '乡镇审核', date: '2019-03-29' }),
      form('notice', 10, { round: 2019, kind: '第二次公示', date: '2019-03-30', periodDays: 7, households: listed }),
      form('step', 10, { round: 2019, step: '县审定', date: '2019-04-07' }),
      form('notice', 10, { round: 2019, kind: '公告', date: '2019-04-08', households: listed }),
    ],
  };
}

const settings: Record<string, RuleSetting> = {
  S1: { id: 'S1', title: '', severity: 'warning', enabled: true, params: { required: { application: ['申请人'], survey: ['户主', '填表人', '审核人'], meeting: ['参会人员'] } } },
};

function run(ruleId: string, village: VillageData, sharedIds: RuleContext['sharedIds'] = new Map()): Finding[] {
  const rule = RULES.find((r) => r.id === ruleId)!;
  const findings: Finding[] = [];
  rule.check(village, { setting: settings[ruleId], template, today: TODAY, sharedIds }, (f) => findings.push({ ...f, ruleId, severity: 'error' }));
  return findings;
}

const meeting = (v: VillageData, stage: string) => v.forms.find((f) => f.type === 'meeting' && (f.fields as { stage: string }).stage === stage) as FormRecord<'meeting'>;
const notice = (v: VillageData, kind: string) => v.forms.find((f) => f.type === 'notice' && (f.fields as { kind: string }).kind === kind) as FormRecord<'notice'>;
const wang = (v: VillageData) => v.households[0]!;
const formOf = <T extends FormType>(h: HouseholdData, type: T) => h.forms.find((f) => f.type === type) as FormRecord<T>;

describe('consistency rules: the correct round passes every rule', () => {
  it.each(RULES.map((r) => r.id))('%s finds nothing', (id) => {
    expect(run(id, goodVillage())).toEqual([]);
  });
});

describe('consistency rules: each finds its defect and says what disagrees', () => {
  it('D1: an application dated after a meeting of its round', () => {
    const v = goodVillage();
    formOf(wang(v), 'application').fields.date = '2019-03-10';
    const [f, ...rest] = run('D1', v);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ unitId: 101, message: expect.stringContaining('申请书日期（2019年3月10日）不早于2019年度村党支部提议会议记录（2019年3月5日）') });
  });

  it('D2: meetings out of order', () => {
    const v = goodVillage();
    meeting(v, '审议').fields.date = '2019-03-06';
    expect(run('D2', v).map((f) => f.message)).toEqual([expect.stringContaining('党员大会审议会议记录（2019年3月6日）早于2019年度村“两委”商议会议记录（2019年3月8日）')]);
  });

  it('D3: the second 公示 before the first', () => {
    const v = goodVillage();
    notice(v, '第二次公示').fields.date = '2019-03-21';
    expect(run('D3', v).map((f) => f.message)).toEqual([expect.stringContaining('2019年度第二次公示（2019年3月21日）不晚于2019年度第一次公示')]);
  });

  it('D4: a 公示 too short, and the next step before it ends', () => {
    const v = goodVillage();
    notice(v, '第一次公示').fields.periodDays = 5;
    notice(v, '第二次公示').fields.date = '2019-03-24';
    const messages = run('D4', v).map((f) => f.message);
    expect(messages).toContain('2019年度第一次公示的公示期为5天，少于规定的7天');
    expect(messages.some((m) => m.includes('第二次公示（2019年3月24日）在2019年度第一次公示期满（2019年3月26日）之前'))).toBe(true);
  });

  it('C1: a 公示 quoting other meeting figures than the record', () => {
    const v = goodVillage();
    notice(v, '第一次公示').fields.meetingSignedIn = 42;
    notice(v, '第一次公示').fields.meetingVotesFor = 41;
    expect(run('C1', v).map((f) => f.message)).toEqual([
      '2019年度第一次公示与2019年度村民代表会议决议会议记录不一致：签到人数（公示写42人，记录为40人）；得票数（公示写41票，记录为38票）',
    ]);
  });

  it('C2: the 公告 lists another household size than the 公示', () => {
    const v = goodVillage();
    notice(v, '公告').fields.households = [{ head: '王建国', size: 3, cause: '因病' }];
    expect(run('C2', v).map((f) => f.message)).toEqual(['两公示一公告不一致：户主“王建国”的家庭人数：2019年度第二次公示为2人，2019年度公告为3人']);
    const w = goodVillage();
    notice(w, '第二次公示').fields.households.push({ head: '赵六', size: 1, cause: '因残' });
    expect(run('C2', w)[0]!.message).toContain('2019年度第二次公示有户主“赵六”，2019年度第一次公示中没有');
  });

  it('C3: more votes than people present, and a meeting without its quorum', () => {
    const v = goodVillage();
    Object.assign(meeting(v, '决议').fields, { present: 28, votesFor: 27, votesAgainst: 3 });
    const [f] = run('C3', v);
    expect(f!.message).toContain('赞成27票加反对3票多于实到28人');
    expect(f!.message).toContain('实到28人不足应到45人的三分之二');
  });

  it('C4: the information form counts another household size than the roster', () => {
    const v = goodVillage();
    formOf(wang(v), 'survey').fields.members = 3;
    expect(run('C4', v).map((f) => f.message)).toEqual(['王建国户家庭人数不一致：花名册成员2人，信息采集表为3人']);
  });

  it('C5: household income written as income per head', () => {
    const v = goodVillage();
    formOf(wang(v), 'survey').fields.perCapitaIncome = 6000;
    expect(run('C5', v)[0]!.message).toContain('家庭纯收入6000元÷2人=3000元');
  });

  it('C5: says what is wrong only where the figures show it — household as per head, a digit too many, or just off either way', () => {
    const v = goodVillage();
    const survey = formOf(wang(v), 'survey');
    survey.fields.perCapitaIncome = 6000;
    expect(run('C5', v)[0]!.message).toContain('是否把家庭收入写成了人均？');
    survey.fields.perCapitaIncome = 30000;
    expect(run('C5', v)[0]!.message).toContain('多写了一位数');
    // Per head lower than it should be: not the household-as-per-head slip.
    survey.fields.perCapitaIncome = 2500;
    const low = run('C5', v)[0]!.message;
    expect(low).toContain('人均×人数为5000元，低于家庭纯收入1000元');
    expect(low).not.toContain('写成了人均');
    survey.fields.perCapitaIncome = 3500;
    expect(run('C5', v)[0]!.message).toContain('高于家庭纯收入1000元');
  });

  it('I1 (三算): a transfer income above the net income, parts that do not add up, a per-head income a digit too long for the village', () => {
    const v = goodVillage();
    const survey = formOf(wang(v), 'survey');
    Object.assign(survey.fields, { wageIncome: 3000, businessIncome: 2000, propertyIncome: 0, transferIncome: 1200, productionExpense: 200, netIncome: 6000 });
    expect(run('I1', v)).toEqual([]);
    survey.fields.productionExpense = 800;
    expect(run('I1', v)[0]!.message).toContain('合计减生产经营支出为5400元，与家庭纯收入6000元不符');
    survey.fields.productionExpense = 200;
    survey.fields.transferIncome = 7000;
    expect(run('I1', v)[0]!.message).toContain('转移性收入7000元大于家庭纯收入6000元');

    // The village's spread: five households near 3,000 a head, one written 38,000.
    const spread = goodVillage();
    for (const [i, income] of [3100, 2900, 3300, 2800].entries()) {
      spread.households.push(household(200 + i, `户${i}`, [member(`户${i}`, '1980-01-01', true)], { perCapitaIncome: income }));
    }
    expect(run('I1', spread)).toEqual([]);
    spread.households[2]!.perCapitaIncome = 33000;
    const [f, ...rest] = run('I1', spread);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ unitId: 201, message: expect.stringContaining('户1户人均纯收入33000元，是本村其他户中位数（3050元）的11倍：是否多写了一位数？') });
  });

  it('I1 (三算): a poor household\'s per-head income with a digit too many in a village of wide spread, not a well-off one', () => {
    // Other households from 4,000 to 16,000 a head: 30,000 is only 2.5× their median, but it is far above the
    // highest, and 3,000 (a digit less) is an income of this village.
    const v = goodVillage();
    for (const [i, income] of [4000, 9000, 12000, 15000, 16000].entries()) {
      v.households.push(household(300 + i, `户${i}`, [member(`户${i}`, '1980-01-01', true)], { perCapitaIncome: income }));
    }
    const survey = formOf(wang(v), 'survey');
    Object.assign(survey.fields, { perCapitaIncome: 20000, netIncome: 40000, transferIncome: 1200 });
    expect(run('I1', v)).toEqual([]);
    Object.assign(survey.fields, { perCapitaIncome: 30000, netIncome: 60000 });
    const [f, ...rest] = run('I1', v);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ unitId: 101, message: '王建国户人均纯收入30000元，是本村其他户最高值（16000元）的1.9倍，而少写一位（3000元）正在本村其他户的范围内：是否多写了一位数？' });
  });

  it('N1: the information form disagrees with the national system on 脱贫年度, 主要致贫原因 and 人均纯收入', () => {
    const v = goodVillage();
    Object.assign(wang(v), { exitYear: 2019, mainCause: '因残', perCapitaIncome: 2800 });
    expect(run('N1', v).map((f) => f.message)).toEqual([
      '王建国户信息采集表与国家扶贫信息系统数据不一致：脱贫年度（表上2020年，系统2019年）；主要致贫原因（表上“因病”，系统“因残”）；人均纯收入（表上3000元，系统2800元）',
    ]);
  });

  it('N2: an applicant spelt with a homophone, a 公示 head one character off the roster, an applicant from another family', () => {
    const v = goodVillage();
    formOf(wang(v), 'application').fields.applicant = '王健国';
    expect(run('N2', v).map((f) => f.message)).toEqual(['王建国户贫困户申请书的申请人“王健国”与花名册户主“王建国”姓名不一致（同音字）']);
    formOf(wang(v), 'application').fields.applicant = '李秀英'; // the spouse applied: a member, not a defect
    expect(run('N2', v)).toEqual([]);
    formOf(wang(v), 'application').fields.applicant = '赵大海';
    expect(run('N2', v)[0]!.message).toBe('王建国户贫困户申请书的申请人“赵大海”不是该户花名册中的成员');

    const w = goodVillage();
    notice(w, '公告').fields.households = [{ head: '王建军', size: 2, cause: '因病' }];
    expect(run('N2', w).map((f) => f.message)).toEqual(['2019年度公告中的户主“王建军”与花名册户主“王建国”姓名不一致（一字之差）']);
  });

  it('N2 (形近字): a head written with a similar-looking character is named as such; an unlike character stays 一字之差', () => {
    const v = goodVillage();
    notice(v, '公告').fields.households = [{ head: '王建图', size: 2, cause: '因病' }]; // 图 for 国: 囗 around another part
    expect(run('N2', v).map((f) => f.message)).toEqual(['2019年度公告中的户主“王建图”与花名册户主“王建国”姓名不一致（形近字）']);
    notice(v, '公告').fields.households = [{ head: '王建军', size: 2, cause: '因病' }];
    expect(run('N2', v).map((f) => f.message)).toEqual(['2019年度公告中的户主“王建军”与花名册户主“王建国”姓名不一致（一字之差）']);
    // Looks alike, from the decomposition data: 请/清/情 share 青; 玉 is 王 with a dot; 己/已.
    expect([looksAlike('请', '清'), looksAlike('情', '清'), looksAlike('王', '玉'), looksAlike('己', '已')]).toEqual([true, true, true, true]);
    expect([looksAlike('建', '国'), looksAlike('军', '国'), looksAlike('清', '清')]).toEqual([false, false, false]);
    // The surname: a different family unless the sound agrees, however alike it looks (王/玉).
    expect(nameVariant('玉建国', '王建国')).toBeNull();
  });

  it('F5: ages are taken at the identification date, not today', () => {
    const v = goodVillage();
    const h = wang(v);
    // 55 and 57 when they applied in 2019; over 60 by 2026.
    h.members = [member('王大山', '1963-02-03', true), member('张桂兰', '1961-06-07', false, '配偶')];
    formOf(h, 'survey').fields.mainCause = '缺技术';
    expect(run('F5', v)).toEqual([]);
    formOf(h, 'application').fields.date = '2025-03-01';
    expect(run('F5', v)).toHaveLength(1);
  });

  it('P1: a 公告 with no second 公示, no meetings and no reviews; a review dated before the 公示 it follows', () => {
    const v = goodVillage();
    v.forms = v.forms.filter((f) => f.type === 'notice' && (f.fields as { kind: string }).kind !== '第二次公示');
    expect(run('P1', v).map((f) => f.message)).toEqual(['2019年度识别程序缺少：提议、商议、审议、决议、乡镇审核、第二次公示、县审定（已有公告的记录）']);
    const w = goodVillage();
    (w.forms.find((f) => f.type === 'step' && (f.fields as { step: string }).step === '乡镇审核') as FormRecord<'step'>).fields.date = '2019-03-15';
    expect(run('P1', w).map((f) => f.message)).toEqual([expect.stringContaining('2019年度乡镇审核（2019年3月15日）早于决议（2019年3月20日）')]);
  });

  it('P1: each household listed in the round has its own 申请 and 入户调查, before the village\'s 提议', () => {
    const v = goodVillage();
    expect(run('P1', v)).toEqual([]);
    // Another household listed in the 公示 with no application or survey of its own; 王建国's survey after 提议.
    v.households.push(household(102, '李四', [member('李四', '1975-01-01', true)]));
    for (const n of formsOf(v.forms, 'notice')) n.fields.households = [...(n.fields.households ?? []), { head: '李四', size: 1, cause: '因残' }];
    formOf(wang(v), 'census').fields.date = '2019-03-06';
    expect(run('P1', v).map((f) => [f.unitId, f.message])).toEqual([
      [101, '王建国户的入户调查（2019年3月6日）晚于本村2019年度提议（2019年3月5日）：应先入户调查，再提议'],
      [102, '李四户列入2019年度公示公告，但缺少本户的申请、入户调查记录'],
    ]);
  });

  it('F1: two main causes, and a cause not in the list', () => {
    const v = goodVillage();
    formOf(wang(v), 'survey').fields.mainCause = '因病、因残';
    formOf(wang(v), 'survey').fields.otherCauses = ['缺钱'];
    const message = run('F1', v)[0]!.message;
    expect(message).toContain('主要致贫原因只能填一项');
    expect(message).toContain('其他致贫原因“缺钱”不在规定选项内');
  });

  it('F2: a wrong check digit, and a sex that contradicts the ID number', () => {
    const v = goodVillage();
    const [head, spouse] = wang(v).members;
    head!.idNumber = head!.idNumber.slice(0, 17) + (head!.idNumber[17] === '1' ? '2' : '1');
    spouse!.sex = '男';
    const messages = run('F2', v).map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('校验位不对');
    expect(messages[1]).toContain('性别填“男”，身份证号显示为女');
    // The ID is masked in the message: findings are shown in lists and printed ledgers.
    expect(messages.join('')).not.toContain(spouse!.idNumber);
  });

  it('F3: one person registered in two households', () => {
    const v = goodVillage();
    const id = wang(v).members[1]!.idNumber;
    const shared = new Map([[id, [{ householdId: 101, name: '王建国' }, { householdId: 202, name: '李四' }]]]);
    expect(run('F3', v, shared)[0]!.message).toContain('同时登记在李四户');
  });

  it('F4: no head of household, and a phone number that cannot be right', () => {
    const v = goodVillage();
    wang(v).members[0]!.relation = '本人';
    wang(v).phone = '1380013800';
    expect(run('F4', v)[0]!.message).toBe('王建国户：没有户主；联系电话“1380013800”格式不对');
  });

  it('F5: the seed’s case — two members over 70, chronically ill, cause 缺技术, measure cooking training', () => {
    const v = goodVillage();
    const h = wang(v);
    h.members = [member('王老汉', '1948-02-03', true, '户主', { health: '长期慢性病' }), member('王老太', '1950-06-07', false, '配偶', { health: '长期慢性病' })];
    formOf(h, 'survey').fields.mainCause = '缺技术';
    formOf(h, 'householdCard').fields.measures = [{ category: '就业扶贫', content: '厨师技能培训', amount: null }];
    const [f] = run('F5', v);
    expect(f!.message).toContain('家庭成员都已年老或无劳动能力');
    expect(f!.message).toContain('主要致贫原因填“缺技术”');
    expect(f!.message).toContain('厨师技能培训');
    // A family with one member able to work is not flagged.
    h.members.push(member('王小军', '1990-01-01', true, '之子'));
    expect(run('F5', v)).toEqual([]);
  });

  it('R1: 脱贫年度, 转移性收入 and the measures left blank', () => {
    const v = goodVillage();
    Object.assign(formOf(wang(v), 'survey').fields, { exitYear: null, transferIncome: null });
    formOf(wang(v), 'householdCard').fields.measures = [];
    expect(run('R1', v).map((f) => f.message)).toEqual(['王建国户信息采集表未填：脱贫年度、转移性收入', '王建国户贫困户精准扶贫明白卡未填：帮扶措施']);
  });

  it('S1: a form without the signatures it requires', () => {
    const v = goodVillage();
    formOf(wang(v), 'survey').fields.signatures = { 户主: true, 填表人: false };
    expect(run('S1', v).map((f) => f.message)).toEqual(['王建国户贫困户信息采集表缺少签字：填表人、审核人']);
  });
});
