// How an audit entry reads in Chinese, in the app's 操作记录 and in `dangka audit log`: column names as the clerk
// knows them (status → 户类型), coded values as their labels (stable → 稳定脱贫户), ids as what they name (联系人：张三),
// long texts shortened. ID numbers and phones arrive masked from the engine.
import { CONTACT_ROLE_LABEL, HOUSEHOLD_STATUS_LABEL, ROLE_LABEL, TIER_LABEL, type AuditEntry } from './domain';
import { FORM_LABEL } from './forms';

/** Column → label, for every audited table; a table's own label wins over the common one. */
const COMMON: Record<string, string> = {
  name: '名称',
  status: '状态',
  phone: '电话',
  id_number: '身份证号',
  title: '题名',
  item: '档案项目',
  unit_id: '所属单位',
  parent_id: '上级单位',
  tier: '层级',
  code: '代码',
  archive_code: '档号',
  household_no: '户编号',
  natural_village: '自然村',
  attribute: '贫困户属性',
  main_cause: '主要致贫原因',
  exit_year: '脱贫年度',
  per_capita_income: '人均纯收入',
  declared_size: '人数',
  household_id: '所属户',
  seq: '序号',
  relation: '与户主关系',
  sex: '性别',
  birth_date: '出生日期',
  ethnicity: '民族',
  education: '文化程度',
  health: '健康状况',
  labour_skill: '劳动技能',
  work_status: '务工状况',
  post: '职务',
  work_unit: '工作单位',
  photo_sha256: '照片',
  role: '角色',
  person_id: '联系人',
  source: '来源',
  document_id: '所属文件',
  master_sha256: '原件',
  master_page: '原件页',
  rotation: '旋转',
  corrected_text: '校对文字',
  form_type: '表单',
  fields: '表单内容',
  rule_id: '规则',
  severity: '严重程度',
  description: '问题',
  measure: '整改措施',
  responsible_unit: '责任单位',
  responsible_person: '责任人',
  deadline: '整改期限',
  closed_how: '销号方式',
  closed_by: '验收人',
  close_note: '验收意见',
  stage: '环节',
  reviewer: '签字人',
  result: '结果',
  note: '意见',
  username: '用户名',
  display_name: '姓名',
  active: '账户状态',
};

const BY_TABLE: Record<string, Record<string, string>> = {
  household: { status: '户类型' },
  member: { name: '姓名' },
  contact_person: { name: '姓名' },
  household_contact: { role: '联系人类别' },
  problem: { status: '状态' },
  page: { seq: '页码' },
};

function fieldLabel(table: string, field: string): string {
  return BY_TABLE[table]?.[field] ?? COMMON[field] ?? field;
}

const MAX_CHARS = 40;

function shorten(s: string): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim());
  return chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS).join('')}…` : chars.join('');
}

const DOCUMENT_SOURCE: Record<string, string> = { file: '导入文件', hotFolder: '扫描文件夹', upload: '上传' };
const FORM_SOURCE: Record<string, string> = { manual: '手工录入', excel: 'Excel导入', ocr: '识别' };

/** Names of the ids an entry mentions (AuditHistory.refs): 联系人 张三 rather than #12. */
type Refs = Record<string, string>;

/** A value as the clerk reads it. */
function valueText(table: string, field: string, value: unknown, refs: Refs = {}): string {
  if (value === null || value === undefined || value === '') return '（空）';
  const s = String(value);
  if (table === 'household' && field === 'status') return HOUSEHOLD_STATUS_LABEL[s as keyof typeof HOUSEHOLD_STATUS_LABEL] ?? s;
  if (table === 'household_contact' && field === 'role') return CONTACT_ROLE_LABEL[s as keyof typeof CONTACT_ROLE_LABEL] ?? s;
  if (table === 'app_user' && field === 'role') return ROLE_LABEL[s as keyof typeof ROLE_LABEL] ?? s;
  if (field === 'active') return value === 1 || value === true ? '启用' : '停用';
  if (table === 'problem' && field === 'status') return s === 'open' ? '未销号' : s === 'closed' ? '已销号' : s;
  if (field === 'closed_how') return s === 'rule_passed' ? '复查通过' : s === 'accepted' ? '验收销号' : s;
  if (field === 'severity') return s === 'error' ? '错误' : s === 'warning' ? '提醒' : s;
  if (field === 'tier') return TIER_LABEL[s as keyof typeof TIER_LABEL] ?? s;
  if (field === 'rotation') return `${s}°`;
  if (field === 'item') return shorten(s.includes('/') ? s.slice(s.indexOf('/') + 1) : s);
  if (field === 'form_type') return FORM_LABEL[s as keyof typeof FORM_LABEL] ?? s;
  if (field === 'source') return (table === 'document' ? DOCUMENT_SOURCE[s] : FORM_SOURCE[s]) ?? s;
  if (field.endsWith('_sha256')) return field === 'photo_sha256' ? '已上传' : s.slice(0, 8);
  if (field.endsWith('_id') && typeof value === 'number') return shorten(refs[`${field}:${value}`] ?? `#${value}`);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') return shorten(JSON.stringify(value));
  return shorten(s);
}

export interface ChangeLine {
  label: string;
  before: string;
  after: string;
}

/** The changed fields of an update. */
export function changeLines(e: AuditEntry, refs: Refs = {}): ChangeLine[] {
  return e.changes.map((c) => ({
    label: fieldLabel(e.table, c.field),
    before: valueText(e.table, c.field, c.before, refs),
    after: valueText(e.table, c.field, c.after, refs),
  }));
}

/** What identifies an added or removed row, e.g. 题名：… ；档案项目：… */
const SUMMARY: Record<string, string[]> = {
  unit: ['name', 'archive_code'],
  household: ['household_no'],
  member: ['name', 'relation'],
  contact_person: ['name', 'post'],
  household_contact: ['role', 'person_id'],
  document: ['title', 'item'],
  page: ['seq'],
  form_record: ['form_type'],
  problem: ['description'],
  review_signoff: ['stage', 'result', 'reviewer', 'note'],
  app_user: ['username', 'display_name', 'role'],
};

/** Facts of an event (a print, an export, a look at full ID numbers). */
const EVENT_FACTS: Record<string, (v: unknown) => string | null> = {
  username: (v) => `用户名：${String(v)}`,
  members: (v) => `共 ${String(v)} 人`,
  fileName: (v) => `文件：${shorten(String(v))}`,
  pages: (v) => `${String(v)} 页`,
  bags: (v) => (Array.isArray(v) ? `${v.length} 个数据包` : null),
  maskPersonal: (v) => (v ? '已隐去身份证号和电话' : null),
  documentsAdded: (v) => `新增文件 ${String(v)} 件`,
  problems: (v) => (Number(v) > 0 ? `${String(v)} 处问题` : null),
  // The clerk's corrections (issue 15): what moved where, and why.
  title: (v) => `文件：${shorten(String(v))}`,
  member: (v) => `成员：${String(v)}`,
  from: (v) => `原：${String(v)}`,
  to: (v) => `改为：${String(v)}`,
  effectiveDate: (v) => `调整日期：${String(v)}`,
  filesRemoved: (v) => `删除存储文件 ${String(v)} 个`,
  handedOn: (v) => `交付日期：${String(v)}`,
  handedTo: (v) => `接收人：${String(v)}`,
  reason: (v) => `理由：${shorten(String(v))}`,
};

export function summary(e: AuditEntry, refs: Refs = {}): string {
  if (e.table === 'event') {
    return Object.entries(e.after ?? {})
      .map(([k, v]) => EVENT_FACTS[k]?.(v) ?? null)
      .filter(Boolean)
      .join('，');
  }
  if (e.changes.length) return '';
  const row = e.after ?? e.before;
  if (!row) return '';
  return (SUMMARY[e.table] ?? [])
    .filter((f) => row[f] !== null && row[f] !== undefined && row[f] !== '')
    .map((f) => `${fieldLabel(e.table, f)}：${valueText(e.table, f, row[f], refs)}`)
    .join('；');
}
