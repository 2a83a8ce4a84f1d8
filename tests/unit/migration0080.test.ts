// Migration 0080 on a library that already has problems the old checks closed by themselves: they come back as
// 已整改待验收 for a person to accept; accepted ones stay closed; rounds and round-bound signatures work.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../engine/library/library';
import { MIGRATIONS } from '../../engine/library/migrations/index';

describe('migration 0080 (acceptance by people, review rounds)', () => {
  it('reopens problems the system had closed as 已整改待验收, keeps accepted ones, and adds rounds', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null, MIGRATIONS.filter((m) => m.version < 80));
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    db.prepare(
      `INSERT INTO problem (id, unit_id, rule_id, finding_key, severity, description, status, closed_how, closed_by, closed_at, close_note)
       VALUES (1, 1, 'D1', 'D1:1', 'error', '申请书日期晚于会议', 'closed', 'rule_passed', '系统检查', '2020-05-01T08:00:00.000Z', '复查已通过'),
              (2, 1, NULL, NULL, 'warning', '缺公章', 'closed', 'accepted', '王验收', '2020-05-02T08:00:00.000Z', '已补盖')`,
    ).run();
    db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result) VALUES (1, '核查', '李核查', '通过')").run();

    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 80));
    expect(db.pragma('user_version', { simple: true })).toBe(80);
    expect(db.prepare('SELECT status, closed_how, closed_by, rectified_at, found FROM problem WHERE id = 1').get()).toEqual({
      status: 'open',
      closed_how: null,
      closed_by: null,
      rectified_at: '2020-05-01T08:00:00.000Z',
      found: 0,
    });
    expect(db.prepare('SELECT status, closed_by, rectified_at FROM problem WHERE id = 2').get()).toEqual({ status: 'closed', closed_by: '王验收', rectified_at: null });
    expect(db.prepare('SELECT round_id FROM review_signoff').get()).toEqual({ round_id: null });

    db.prepare("INSERT INTO review_round (id, name, created_by) VALUES (1, '回头看', '管理员')").run();
    db.prepare('INSERT INTO review_round_unit (round_id, unit_id) VALUES (1, 1)').run();
    db.prepare("INSERT INTO review_round_member (round_id, stage, person) VALUES (1, '核查', '李核查')").run();
    // One person, one group of a round.
    expect(() => db.prepare("INSERT INTO review_round_member (round_id, stage, person) VALUES (1, '复核', '李核查')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result, round_id) VALUES (1, '核查', '李核查', '通过', 1)").run();
    expect(() => db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result, round_id) VALUES (1, '复核', '李核查', '通过', 1)").run()).toThrow(
      /同一轮次中同一人不能签同一单位的两个环节/,
    );
    // Every change is in the audit trail, the new columns too.
    db.prepare("UPDATE problem SET returned_reason = '未补正', returned_by = '王验收' WHERE id = 1").run();
    const trail = db.prepare("SELECT after FROM audit WHERE tbl = 'problem' ORDER BY id DESC LIMIT 1").get() as { after: string };
    expect(JSON.parse(trail.after)).toMatchObject({ returned_reason: '未补正', returned_by: '王验收' });
    expect(db.prepare("SELECT count(*) AS n FROM audit WHERE tbl = 'review_round'").get()).toEqual({ n: 1 });
    // Deleting a round deletes its signatures with it, never the unit's older ones.
    db.prepare('DELETE FROM review_round WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM review_signoff').get()).toEqual({ n: 1 });
  });
});
