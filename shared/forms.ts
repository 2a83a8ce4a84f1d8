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
/** Steps recorded by a 'step' form: the reviews above the village and the two 公开 of 四议两公开. */
export const PROCEDURE_STEPS = ['乡镇审核', '县审定', '决议公开', '实施结果公开'] as const;

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
  /** 精准识别入户普查表 (seed 003): the visit of 入户调查, what rules the household out, and the checker's opinion. */
  census: z.object({
    date: isoDate,
    surveyor: z.string().trim().max(40).default(''),
    /** 不能识别为贫困户的情形 found (the 十一种人 of the rules file); none means the household may be identified. */
    excluded: z.array(z.string().trim().max(60)).max(20).default([]),
    /** 核查人意见 */
    checkerOpinion: z.string().trim().max(500).default(''),
    signatures,
  }),
  /** 贫困户登记表 (seed 001): signed by the seven people the rules file lists (户主、调查人 … 管区书记). */
  registration: z.object({ date: isoDate, signatures }),
  /** A step of the procedure held by others than the village (乡镇审核, 县审定) or a 公开 of 四议两公开 (village). */
  step: z.object({ round, step: z.enum(PROCEDURE_STEPS), date: isoDate, signatures }),
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

/** How a field is entered: the editor's control and the Excel cell it is read from. */
export type FieldKind = 'date' | 'int' | 'money' | 'text' | 'year' | 'stage' | 'noticeKind' | 'step' | 'households' | 'measures' | 'list';

export interface FieldSpec {
  key: string;
  /** The one label: the editor's, the Excel column's, the printed form's. */
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Older Excel headers still read (workbooks made before the labels were unified). */
  aliases?: readonly string[];
}

/** A list field read from Excel as a row per item (a listed household, a measure), grouped by the record's columns. */
export interface ItemsSpec {
  field: string;
  columns: readonly FieldSpec[];
  /** Record fields whose values together say which record a row belongs to (besides the unit). */
  groupBy: readonly string[];
}

export interface FormDescription {
  label: string;
  tier: 'village' | 'household';
  /** Excel sheet names accepted, the first one canonical. */
  sheets: readonly string[];
  fields: readonly FieldSpec[];
  items?: ItemsSpec;
}

/**
 * Each form described once: its fields with their labels, kinds and whether required, where it belongs, its Excel
 * sheet. The editor (renderer/src/check), the Excel import (engine/validate/formsImport.ts) and the lists derive from
 * this; what is valid is formSchemas above. Signature slots are the rules file's (rule S1), not code.
 */
export const FORMS: Record<FormType, FormDescription> = {
  application: {
    label: '贫困户申请书',
    tier: 'household',
    sheets: ['申请书', '贫困户申请书'],
    fields: [
      { key: 'date', label: '申请日期', kind: 'date', required: true },
      { key: 'applicant', label: '申请人', kind: 'text', required: true },
      { key: 'round', label: '识别年度', kind: 'year' },
    ],
  },
  census: {
    label: '精准识别入户普查表',
    tier: 'household',
    sheets: ['入户普查表', '精准识别入户普查表'],
    fields: [
      { key: 'date', label: '调查日期', kind: 'date', required: true },
      { key: 'surveyor', label: '调查人', kind: 'text' },
      { key: 'excluded', label: '不能识别为贫困户的情形', kind: 'list' },
      { key: 'checkerOpinion', label: '核查人意见', kind: 'text' },
    ],
  },
  meeting: {
    label: '四议两公开会议记录',
    tier: 'village',
    sheets: ['四议会议', '会议记录', '四议两公开'],
    fields: [
      { key: 'round', label: '识别年度', kind: 'year', required: true },
      { key: 'stage', label: '会议', kind: 'stage', required: true },
      { key: 'date', label: '会议日期', kind: 'date', required: true },
      { key: 'due', label: '应到人数', kind: 'int', required: true, aliases: ['应到'] },
      { key: 'present', label: '实到人数', kind: 'int', required: true, aliases: ['实到'] },
      { key: 'signedIn', label: '签到人数', kind: 'int', required: true, aliases: ['签到'] },
      { key: 'votesFor', label: '赞成票', kind: 'int', required: true, aliases: ['赞成'] },
      { key: 'votesAgainst', label: '反对票', kind: 'int', aliases: ['反对'] },
    ],
  },
  notice: {
    label: '公示/公告',
    tier: 'village',
    sheets: ['公示公告', '两公示一公告'],
    fields: [
      { key: 'round', label: '识别年度', kind: 'year', required: true },
      { key: 'kind', label: '类别', kind: 'noticeKind', required: true },
      { key: 'date', label: '发布日期', kind: 'date', required: true },
      { key: 'periodDays', label: '公示期（天）', kind: 'int', aliases: ['公示天数'] },
      { key: 'meetingDate', label: '所引会议日期', kind: 'date' },
      { key: 'meetingPresent', label: '所引参会人数', kind: 'int' },
      { key: 'meetingSignedIn', label: '所引签到人数', kind: 'int' },
      { key: 'meetingVotesFor', label: '所引得票数', kind: 'int' },
      { key: 'households', label: '公示名单', kind: 'households' },
    ],
    items: {
      field: 'households',
      groupBy: ['round', 'kind', 'date'],
      columns: [
        { key: 'head', label: '户主', kind: 'text', required: true },
        { key: 'size', label: '家庭人数', kind: 'int', required: true },
        { key: 'cause', label: '致贫原因', kind: 'text' },
      ],
    },
  },
  step: {
    label: '审核审定与公开',
    tier: 'village',
    sheets: ['审核审定', '审核审定与公开'],
    fields: [
      { key: 'round', label: '识别年度', kind: 'year', required: true },
      { key: 'step', label: '环节', kind: 'step', required: true },
      { key: 'date', label: '日期', kind: 'date', required: true },
    ],
  },
  survey: {
    label: '贫困户信息采集表',
    tier: 'household',
    sheets: ['信息采集表', '贫困户信息采集表'],
    fields: [
      { key: 'exitYear', label: '脱贫年度', kind: 'year' },
      { key: 'members', label: '家庭人数', kind: 'int', required: true },
      { key: 'mainCause', label: '主要致贫原因', kind: 'text' },
      { key: 'otherCauses', label: '其他致贫原因', kind: 'list' },
      { key: 'wageIncome', label: '工资性收入（元）', kind: 'money', aliases: ['工资性收入'] },
      { key: 'businessIncome', label: '家庭经营性收入（元）', kind: 'money', aliases: ['家庭经营性收入'] },
      { key: 'propertyIncome', label: '财产性收入（元）', kind: 'money', aliases: ['财产性收入'] },
      { key: 'transferIncome', label: '转移性收入（元）', kind: 'money', aliases: ['转移性收入'] },
      { key: 'productionExpense', label: '生产经营支出（元）', kind: 'money', aliases: ['生产经营支出'] },
      { key: 'debt', label: '债务（元）', kind: 'money', aliases: ['债务'] },
      { key: 'netIncome', label: '家庭纯收入（元）', kind: 'money', aliases: ['家庭纯收入'] },
      { key: 'perCapitaIncome', label: '人均纯收入（元）', kind: 'money', aliases: ['人均纯收入'] },
    ],
  },
  registration: {
    label: '贫困户登记表',
    tier: 'household',
    sheets: ['登记表', '贫困户登记表'],
    fields: [{ key: 'date', label: '登记日期', kind: 'date', required: true }],
  },
  householdCard: {
    label: '贫困户精准扶贫明白卡',
    tier: 'household',
    sheets: ['明白卡', '精准扶贫明白卡'],
    fields: [
      { key: 'measures', label: '帮扶措施', kind: 'measures' },
      { key: 'effect', label: '帮扶成效', kind: 'text' },
    ],
    items: {
      field: 'measures',
      groupBy: [],
      columns: [
        { key: 'category', label: '措施类别', kind: 'text', required: true },
        { key: 'content', label: '措施内容', kind: 'text' },
        { key: 'amount', label: '金额（元）', kind: 'money', aliases: ['金额'] },
      ],
    },
  },
};

export const FORM_LABEL = Object.fromEntries(FORM_TYPES.map((t) => [t, FORMS[t].label])) as Record<FormType, string>;
export const FORM_TIER = Object.fromEntries(FORM_TYPES.map((t) => [t, FORMS[t].tier])) as Record<FormType, 'village' | 'household'>;
