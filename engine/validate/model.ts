// What the checks read: one village at a time, with its households, members, contacts, documents and form records,
// loaded in a few queries (data.ts). Rules are pure functions of this and the rules file.
import type { ContactRole, HouseholdStatus } from '../../shared/domain';
import type { FormFields, FormType } from '../../shared/forms';

export interface FormRecord<T extends FormType = FormType> {
  id: number;
  unitId: number;
  documentId: number | null;
  type: T;
  fields: FormFields<T>;
}

export interface MemberData {
  name: string;
  idNumber: string;
  relation: string;
  sex: string | null;
  birthDate: string | null;
  health: string | null;
  labourSkill: string | null;
}

export interface ContactData {
  role: ContactRole;
  name: string;
  post: string;
  phone: string;
  hasPhoto: boolean;
}

export interface HouseholdData {
  id: number;
  name: string;
  householdNo: string;
  mainCause: string | null;
  perCapitaIncome: number | null;
  /** 脱贫年度 as the roster imported from the national system (全国扶贫开发信息系统) has it. */
  exitYear: number | null;
  declaredSize: number | null;
  phone: string | null;
  /** 户类型 (household.status): 'marginal' is a 边缘户, not a registered poor household. */
  status: HouseholdStatus;
  members: MemberData[];
  contacts: ContactData[];
  forms: FormRecord[];
  /** Template items ('<category>/<item>') that have at least one document. */
  items: Set<string>;
  /** Screening checklists answered (engine/catalog/screening.ts): list id → item → result. */
  screening: Map<string, Map<string, boolean>>;
}

export interface VillageData {
  id: number;
  name: string;
  forms: FormRecord[];
  items: Set<string>;
  households: HouseholdData[];
}

export type Severity = 'error' | 'warning';

/** Something a finding is about: a document, a form record (and one of its fields), or a person. */
export interface FindingRef {
  documentId?: number;
  formId?: number;
  field?: string;
  /** A household (or unit) the finding counts, with its name: the count on the check page opens them. */
  unitId?: number;
  label?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  unitId: number;
  /** Stable across runs for the same defect: rule id + what it is about. */
  key: string;
  message: string;
  refs: FindingRef[];
}

export function formsOf<T extends FormType>(forms: readonly FormRecord[], type: T): FormRecord<T>[] {
  return forms.filter((f): f is FormRecord<T> => f.type === type);
}
