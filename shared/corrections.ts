// Types of the clerk's safe corrections (issue 15 item 3) and the 家庭户档 handover (issue 14 item 7).
import type { HouseholdStatus } from './domain';

/** 自然村, 联系电话 ('' clears it) and 人数 of a household; a field left out is not changed. */
export interface HouseholdCorrection {
  naturalVillage?: string;
  phone?: string;
  declaredSize?: number | null;
}

/** 姓名, 公民身份号码 and 与户主关系 of one member; a field left out is not changed. */
export interface MemberCorrection {
  name?: string;
  idNumber?: string;
  relation?: string;
}

/** 动态调整: one change of a household's 户类型. */
export interface StatusEvent {
  id: number;
  from: HouseholdStatus;
  to: HouseholdStatus;
  /** 'YYYY-MM-DD': when the adjustment took effect. */
  effectiveDate: string;
  reason: string;
  /** Who recorded it, as the trail names them. */
  recordedBy: string;
  recordedAt: string;
}

/** A document in the 回收站. */
export interface BinEntry {
  documentId: number;
  title: string;
  pages: number;
  formerUnitId: number | null;
  /** 某镇 / 某村 · 项目, or 收件箱. */
  formerPlace: string;
  reason: string;
  withdrawnBy: string;
  withdrawnAt: string;
}

/** The 家庭户档 kept at the household: made on, handed over on, to whom. */
export interface HomeCopy {
  householdId: number;
  madeOn: string;
  handedOn: string;
  handedTo: string;
  recordedBy: string;
  recordedAt: string;
}
