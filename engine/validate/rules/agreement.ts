// Documents that must agree with each other: a 公示 and the meeting it reports (C1), the two 公示 and the 公告 (C2),
// a meeting's own arithmetic (C3), household sizes across forms and the roster (C4), income per head (C5).
import { formsOf, type FormRecord } from '../model';
import { numberParam } from '../config';
import { cnDate, type Rule } from '../rule';
import { meetingName, noticeName, rounds } from './procedure';

export const C1: Rule = {
  id: 'C1',
  check(village, _ctx, emit) {
    for (const [round, { meetings, notices }] of rounds(village)) {
      const resolution = meetings.get('决议');
      if (!resolution) continue;
      for (const n of notices.values()) {
        const differ: string[] = [];
        const f = n.fields;
        const m = resolution.fields;
        if (f.meetingDate !== undefined && f.meetingDate !== m.date) differ.push(`会议时间（公示写${cnDate(f.meetingDate)}，记录为${cnDate(m.date)}）`);
        if (f.meetingPresent !== undefined && f.meetingPresent !== m.present) differ.push(`参会人数（公示写${f.meetingPresent}人，记录为${m.present}人）`);
        if (f.meetingSignedIn !== undefined && f.meetingSignedIn !== m.signedIn) differ.push(`签到人数（公示写${f.meetingSignedIn}人，记录为${m.signedIn}人）`);
        if (f.meetingVotesFor !== undefined && f.meetingVotesFor !== m.votesFor) differ.push(`得票数（公示写${f.meetingVotesFor}票，记录为${m.votesFor}票）`);
        if (differ.length === 0) continue;
        emit({
          unitId: village.id,
          key: `C1:${village.id}:${round}:${n.fields.kind}`,
          message: `${noticeName(n)}与${meetingName(resolution)}不一致：${differ.join('；')}`,
          refs: [
            { formId: n.id, ...(n.documentId ? { documentId: n.documentId } : {}) },
            { formId: resolution.id, ...(resolution.documentId ? { documentId: resolution.documentId } : {}) },
          ],
        });
      }
    }
  },
};

/**
 * A household listed by a later 公示/公告 must be in the earlier ones with the same size and cause. A household
 * dropped later is not flagged: the township or county may have rejected it between the two.
 */
export const C2: Rule = {
  id: 'C2',
  check(village, _ctx, emit) {
    for (const [round, { notices }] of rounds(village)) {
      const ordered = (['第一次公示', '第二次公示', '公告'] as const).map((k) => notices.get(k)).filter((n) => n !== undefined);
      for (let i = 1; i < ordered.length; i++) {
        const earlier = ordered[i - 1]!;
        const later = ordered[i]!;
        const before = new Map(earlier.fields.households.map((h) => [h.head, h]));
        for (const h of later.fields.households) {
          const e = before.get(h.head);
          let why: string | null = null;
          if (!e) why = `${noticeName(later)}有户主“${h.head}”，${noticeName(earlier)}中没有`;
          else if (e.size !== h.size) why = `户主“${h.head}”的家庭人数：${noticeName(earlier)}为${e.size}人，${noticeName(later)}为${h.size}人`;
          else if (e.cause && h.cause && e.cause !== h.cause) why = `户主“${h.head}”的致贫原因：${noticeName(earlier)}为${e.cause}，${noticeName(later)}为${h.cause}`;
          if (!why) continue;
          emit({
            unitId: village.id,
            key: `C2:${village.id}:${round}:${later.fields.kind}:${h.head}`,
            message: `两公示一公告不一致：${why}`,
            refs: [{ formId: earlier.id, field: 'households' }, { formId: later.id, field: 'households' }],
          });
        }
      }
    }
  },
};

/** 得票 ≤ 实到 ≤ 应到; 党员大会: 实到 ≥ 2/3 应到, 赞成 > 1/2 应到; 村民代表会议: 实到 ≥ 2/3 应到, 赞成 > 1/2 实到. */
export const C3: Rule = {
  id: 'C3',
  check(village, _ctx, emit) {
    for (const m of formsOf(village.forms, 'meeting')) {
      const f = m.fields;
      const wrong: string[] = [];
      if (f.present > f.due) wrong.push(`实到${f.present}人多于应到${f.due}人`);
      if (f.signedIn > f.due) wrong.push(`签到${f.signedIn}人多于应到${f.due}人`);
      if (f.votesFor + f.votesAgainst > f.present) wrong.push(`赞成${f.votesFor}票加反对${f.votesAgainst}票多于实到${f.present}人`);
      if (f.stage === '审议' || f.stage === '决议') {
        if (f.present * 3 < f.due * 2) wrong.push(`实到${f.present}人不足应到${f.due}人的三分之二，会议无效`);
        const base = f.stage === '审议' ? f.due : f.present;
        if (f.votesFor * 2 <= base) wrong.push(`赞成${f.votesFor}票未超过${f.stage === '审议' ? '应到党员' : '实到人数'}（${base}人）的半数，决定不能通过`);
      }
      if (wrong.length === 0) continue;
      emit({
        unitId: village.id,
        key: `C3:${m.id}`,
        message: `${f.round}年度${meetingLabel(m)}（${cnDate(f.date)}）：${wrong.join('；')}`,
        refs: [{ formId: m.id }],
      });
    }
  },
};

function meetingLabel(m: FormRecord<'meeting'>): string {
  return meetingName(m).slice(String(m.fields.round).length + 2);
}

export const C4: Rule = {
  id: 'C4',
  check(village, _ctx, emit) {
    const listed = new Map<string, { size: number; where: string }>();
    for (const n of formsOf(village.forms, 'notice')) for (const h of n.fields.households) listed.set(h.head, { size: h.size, where: noticeName(n) });
    for (const h of village.households) {
      const roster = h.members.length;
      const sizes: string[] = [];
      const survey = formsOf(h.forms, 'survey')[0];
      if (survey && survey.fields.members !== roster) sizes.push(`信息采集表为${survey.fields.members}人`);
      const onNotice = listed.get(h.name);
      if (onNotice && onNotice.size !== roster) sizes.push(`${onNotice.where}为${onNotice.size}人`);
      if (h.declaredSize !== null && h.declaredSize !== roster) sizes.push(`花名册“人数”栏为${h.declaredSize}人`);
      if (sizes.length === 0) continue;
      emit({
        unitId: h.id,
        key: `C4:${h.id}`,
        message: `${h.name}户家庭人数不一致：花名册成员${roster}人，${sizes.join('，')}`,
        refs: survey ? [{ formId: survey.id, field: 'members' }] : [],
      });
    }
  },
};

/** 人均纯收入 × 家庭人口 against 家庭纯收入, either way; the message names the likely slip only when the figures show it. */
export const C5: Rule = {
  id: 'C5',
  check(village, ctx, emit) {
    const tolerance = numberParam(ctx.setting, 'toleranceYuan', 1);
    for (const h of village.households) {
      for (const s of formsOf(h.forms, 'survey')) {
        const { netIncome, perCapitaIncome, members } = s.fields;
        if (netIncome === null || perCapitaIncome === null || members < 1) continue;
        const expected = netIncome / members;
        if (Math.abs(expected - perCapitaIncome) <= tolerance) continue;
        const ratio = expected > 0 ? perCapitaIncome / expected : Infinity;
        const near = (r: number, target: number) => Math.abs(r - target) <= target * 0.05;
        let why: string;
        if (members > 1 && Math.abs(perCapitaIncome - netIncome) <= tolerance) why = '人均与家庭纯收入相同：是否把家庭收入写成了人均？';
        else if (members > 1 && near(ratio, 1 / members)) why = '人均纯收入又除了一次人数？';
        else if (near(ratio, 10)) why = '人均纯收入是否多写了一位数？';
        else if (near(ratio, 0.1)) why = '人均纯收入是否少写了一位数？';
        else why = `人均×人数为${Math.round(perCapitaIncome * members)}元，${perCapitaIncome > expected ? '高于' : '低于'}家庭纯收入${Math.round(Math.abs(perCapitaIncome * members - netIncome))}元`;
        emit({
          unitId: h.id,
          key: `C5:${s.id}`,
          message: `${h.name}户信息采集表：人均纯收入${perCapitaIncome}元，但家庭纯收入${netIncome}元÷${members}人=${expected.toFixed(0)}元（${why}）`,
          refs: [{ formId: s.id, field: 'perCapitaIncome' }],
        });
      }
    }
  },
};
