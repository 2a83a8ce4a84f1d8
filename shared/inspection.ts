// Review rounds (核查轮次, seed 002): a named round over a scope of units, its three stages with deadlines and the
// people of each stage's group, and how far each unit got.
import type { ReviewStage, UnitRef } from './domain';

export interface RoundMember {
  person: string;
  /** 审核组组长 (the 挂片领导): the one whose 通过 completes 审核. */
  leader: boolean;
}

export interface RoundStage {
  stage: ReviewStage;
  deadline: string | null;
  /** Different people whose 通过 completes the stage (复核: two). */
  minSigners: number;
  members: RoundMember[];
}

export interface ReviewRound {
  id: number;
  name: string;
  note: string;
  units: UnitRef[];
  stages: RoundStage[];
  createdBy: string;
  createdAt: string;
}

export interface StageProgress {
  stage: ReviewStage;
  deadline: string | null;
  /** Past the deadline and not done. */
  overdue: boolean;
  /** Each signer's latest result in this round. */
  signed: { reviewer: string; result: '通过' | '不通过'; signedAt: string }[];
  done: boolean;
}

/** How far one round got on one unit. */
export interface RoundProgress {
  /** units = the round's scope (each with everything under it). */
  round: { id: number; name: string; units: UnitRef[] };
  stages: StageProgress[];
  /** The stage to sign next; null when 审核 is done. */
  next: ReviewStage | null;
}
