// The order of the identification procedure (识别程序): 申请 → 四议 (提议 → 商议 → 审议 → 决议) → 第一次公示 →
// 第二次公示 → 公告, each 公示 lasting its days before the next step (D1–D4, ../shared/domain README §6).
import { MEETING_STAGE_LABEL, MEETING_STAGES, NOTICE_KINDS } from '../../../shared/forms';
import { numberParam } from '../config';
import { formsOf, type FormRecord, type VillageData } from '../model';
import { addDays, cnDate, yearOf, type Rule } from '../rule';

type Meeting = FormRecord<'meeting'>;
type Notice = FormRecord<'notice'>;

/** The village's meetings and notices by identification round; the first record of each stage or kind. */
function rounds(village: VillageData): Map<number, { meetings: Map<string, Meeting>; notices: Map<string, Notice> }> {
  const byRound = new Map<number, { meetings: Map<string, Meeting>; notices: Map<string, Notice> }>();
  const of = (round: number) => {
    let r = byRound.get(round);
    if (!r) byRound.set(round, (r = { meetings: new Map(), notices: new Map() }));
    return r;
  };
  for (const m of formsOf(village.forms, 'meeting')) if (!of(m.fields.round).meetings.has(m.fields.stage)) of(m.fields.round).meetings.set(m.fields.stage, m);
  for (const n of formsOf(village.forms, 'notice')) if (!of(n.fields.round).notices.has(n.fields.kind)) of(n.fields.round).notices.set(n.fields.kind, n);
  return byRound;
}

const meetingName = (m: Meeting) => `${m.fields.round}年度${MEETING_STAGE_LABEL[m.fields.stage]}会议记录`;
const noticeName = (n: Notice) => `${n.fields.round}年度${n.fields.kind}`;

export const D1: Rule = {
  id: 'D1',
  check(village, _ctx, emit) {
    const byRound = rounds(village);
    for (const h of village.households) {
      for (const app of formsOf(h.forms, 'application')) {
        const round = app.fields.round ?? yearOf(app.fields.date);
        const meetings = [...(byRound.get(round)?.meetings.values() ?? [])];
        const early = meetings.filter((m) => m.fields.date <= app.fields.date).sort((a, b) => a.fields.date.localeCompare(b.fields.date))[0];
        if (!early) continue;
        emit({
          unitId: h.id,
          key: `D1:${h.id}:${app.id}`,
          message: `${h.name}户的贫困户申请书日期（${cnDate(app.fields.date)}）不早于${meetingName(early)}（${cnDate(early.fields.date)}）：应先申请，再开会评议`,
          refs: [
            { formId: app.id, field: 'date', ...(app.documentId ? { documentId: app.documentId } : {}) },
            { formId: early.id, field: 'date', ...(early.documentId ? { documentId: early.documentId } : {}) },
          ],
        });
      }
    }
  },
};

export const D2: Rule = {
  id: 'D2',
  check(village, _ctx, emit) {
    for (const [round, { meetings }] of rounds(village)) {
      const held = MEETING_STAGES.map((s) => meetings.get(s)).filter((m): m is Meeting => m !== undefined);
      for (let i = 1; i < held.length; i++) {
        const before = held[i - 1]!;
        const after = held[i]!;
        if (before.fields.date <= after.fields.date) continue;
        emit({
          unitId: village.id,
          key: `D2:${village.id}:${round}:${before.fields.stage}-${after.fields.stage}`,
          message: `${meetingName(after)}（${cnDate(after.fields.date)}）早于${meetingName(before)}（${cnDate(before.fields.date)}）：四议应按 提议→商议→审议→决议 的顺序`,
          refs: [
            { formId: before.id, field: 'date' },
            { formId: after.id, field: 'date' },
          ],
        });
      }
    }
  },
};

export const D3: Rule = {
  id: 'D3',
  check(village, _ctx, emit) {
    for (const [round, { meetings, notices }] of rounds(village)) {
      const resolution = meetings.get('决议');
      const steps: { name: string; date: string; formId: number; strict: boolean }[] = [];
      if (resolution) steps.push({ name: meetingName(resolution), date: resolution.fields.date, formId: resolution.id, strict: false });
      for (const kind of NOTICE_KINDS) {
        const n = notices.get(kind);
        // A 公示 may start the day of the resolution; the second 公示 and the 公告 follow a review by the township / county.
        if (n) steps.push({ name: noticeName(n), date: n.fields.date, formId: n.id, strict: kind !== '第一次公示' });
      }
      for (let i = 1; i < steps.length; i++) {
        const before = steps[i - 1]!;
        const after = steps[i]!;
        const wrong = after.strict ? after.date <= before.date : after.date < before.date;
        if (!wrong) continue;
        emit({
          unitId: village.id,
          key: `D3:${village.id}:${round}:${i}`,
          message: `${after.name}（${cnDate(after.date)}）${after.strict ? '不晚于' : '早于'}${before.name}（${cnDate(before.date)}）：顺序应为 决议→第一次公示→第二次公示→公告`,
          refs: [
            { formId: before.formId, field: 'date' },
            { formId: after.formId, field: 'date' },
          ],
        });
      }
    }
  },
};

export const D4: Rule = {
  id: 'D4',
  check(village, ctx, emit) {
    const minDays = numberParam(ctx.setting, 'minDays', 7);
    for (const [round, { notices }] of rounds(village)) {
      for (const [i, kind] of (['第一次公示', '第二次公示'] as const).entries()) {
        const n = notices.get(kind);
        if (!n) continue;
        const days = n.fields.periodDays;
        if (days !== undefined && days < minDays) {
          emit({
            unitId: village.id,
            key: `D4:${village.id}:${round}:${kind}:days`,
            message: `${noticeName(n)}的公示期为${days}天，少于规定的${minDays}天`,
            refs: [{ formId: n.id, field: 'periodDays' }],
          });
        }
        const next = notices.get(NOTICE_KINDS[i + 1]!);
        const ends = addDays(n.fields.date, days ?? minDays);
        if (next && next.fields.date < ends) {
          emit({
            unitId: village.id,
            key: `D4:${village.id}:${round}:${kind}:next`,
            message: `${noticeName(next)}（${cnDate(next.fields.date)}）在${noticeName(n)}期满（${cnDate(ends)}）之前：应公示期满后再进行下一步`,
            refs: [
              { formId: n.id, field: 'date' },
              { formId: next.id, field: 'date' },
            ],
          });
        }
      }
    }
  },
};

export { rounds, meetingName, noticeName };
