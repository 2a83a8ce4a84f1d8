// Form records (表单记录): the facts of the documents that the checks need, filled in beside the scan. One schema
// per form type; the API, the Excel import and the checks all read them from here. Dates are ISO 'YYYY-MM-DD'.
// A form of an identification round (识别年度) — the meetings of 四议两公开, the two 公示 and the 公告 — belongs
// to the village; the application, the information form and the 明白卡 belong to the household.
import { z } from 'zod';

/** A real calendar date as 'YYYY-MM-DD' (2019-02-30 is refused). */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2019-03-15')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, '不是有效的日期');
const count = z.number().int('应为整数').min(0, '不能为负数').max(100_000, '数字过大');
const money = z.number().min(0, '不能为负数').max(100_000_000, '金额过大');
const round = z.number().int().min(2013, '识别年度应在2013年之后').max(2100, '识别年度有误');
const name = z.string().trim().min(1, '请填写姓名').max(20);

/** Signature slots of a form: present (true), absent (false); a slot not listed was not looked at. */
const signatures = z.record(z.string().max(20), z.boolean()).default({});

/** The four meetings of 四议两公开, in their required order. */
export const MEETING_STAGES = ['提议', '商议', '审议', '决议'] as const;
export const MEETING_STAGE_LABEL: Record<(typeof MEETING_STAGES)[number], string> = {
  提议: '村党支部提议',
  商议: '村“两委”商议',
  审议: '党员大会审议',
  决议: '村民代表会议决议',
};
/** 两公示一公告, in their required order. */
export const NOTICE_KINDS = ['第一次公示', '第二次公示', '公告'] as const;

/** A household as a 公示/公告 lists it. */
export const listedHousehold = z.object({
  head: name,
  size: count.min(1, '家庭人数至少为1'),
  cause: z.string().trim().max(20).default(''),
});
export type ListedHousehold = z.infer<typeof listedHousehold>;

export const formSchemas = {
  /** 贫困户申请书 (household). */
  application: z.object({ date: isoDate, applicant: name, round: round.optional(), signatures }),
  /** One meeting of 四议两公开 in an identification round (village). */
  meeting: z.object({
    round,
    stage: z.enum(MEETING_STAGES),
    date: isoDate,
    /** 应到 */
    due: count,
    /** 实到 */
    present: count,
    /** 签到人数 */
    signedIn: count,
    votesFor: count,
    votesAgainst: count.default(0),
    signatures,
  }),
  /** 第一次公示 / 第二次公示 / 公告 of an identification round (village), with the meeting it reports. */
  notice: z.object({
    round,
    kind: z.enum(NOTICE_KINDS),
    date: isoDate,
    /** 公示期 in days (a 公告 has none). */
    periodDays: count.optional(),
    meetingDate: isoDate.optional(),
    meetingPresent: count.optional(),
    meetingSignedIn: count.optional(),
    meetingVotesFor: count.optional(),
    households: z.array(listedHousehold).max(2000, '名单过长（超过2000户）').default([]),
    signatures,
  }),
  /** 贫困户信息采集表 / 登记表 (household). */
  survey: z.object({
    exitYear: z.number().int().min(2013).max(2100).nullable().default(null),
    members: count.min(1, '家庭人数至少为1'),
    mainCause: z.string().trim().max(20).default(''),
    otherCauses: z.array(z.string().trim().max(20)).max(10).default([]),
    /** 三算 (seed 000): 算收入 — 工资性、家庭经营性、财产性、转移性收入; 算支出 — 生产经营支出; 算债务. */
    wageIncome: money.nullable().default(null),
    businessIncome: money.nullable().default(null),
    propertyIncome: money.nullable().default(null),
    transferIncome: money.nullable().default(null),
    productionExpense: money.nullable().default(null),
    debt: money.nullable().default(null),
    netIncome: money.nullable().default(null),
    perCapitaIncome: money.nullable().default(null),
    signatures,
  }),
  /** 贫困户精准扶贫明白卡: the measures and their effect (household). */
  householdCard: z.object({
    measures: z
      .array(z.object({ category: z.string().trim().max(20), content: z.string().trim().max(200).default(''), amount: money.nullable().default(null) }))
      .max(100, '帮扶措施过多（超过100项）')
      .default([]),
    effect: z.string().trim().max(500).default(''),
    signatures,
  }),
} as const;

export type FormType = keyof typeof formSchemas;
export const FORM_TYPES = Object.keys(formSchemas) as FormType[];
export type FormFields<T extends FormType> = z.output<(typeof formSchemas)[T]>;

export const FORM_LABEL: Record<FormType, string> = {
  application: '贫困户申请书',
  meeting: '四议两公开会议记录',
  notice: '公示/公告',
  survey: '贫困户信息采集表',
  householdCard: '贫困户精准扶贫明白卡',
};

/** Which tier a form type belongs to. */
export const FORM_TIER: Record<FormType, 'village' | 'household'> = {
  application: 'household',
  meeting: 'village',
  notice: 'village',
  survey: 'household',
  householdCard: 'household',
};

/**
 * The signature slots each form has (填表说明 of the forms; seeds 001 and 003), offered in the form editor. Which of
 * them are required is the rules file's business (rule S1).
 */
export const SIGNATURE_SLOTS: Record<FormType, readonly string[]> = {
  application: ['申请人'],
  meeting: ['参会人员', '记录人', '乡镇参会人员'],
  notice: ['公章'],
  survey: ['户主', '填表人', '审核人'],
  householdCard: ['户主', '帮扶责任人'],
};
