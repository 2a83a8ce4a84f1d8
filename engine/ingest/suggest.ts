// Which template item a document belongs to, suggested from its title and OCR text for the clerk to confirm
// (a 申请书 → the household's application; a 公示 → 公示公告). Two signals: keywords that name a kind of document, and the
// two-character words an item's name shares with the beginning of the document. Items of the unit's own tier only.
// The keywords are tied to the default template's item names (matched by inclusion, so a province's slightly
// renamed items still match).
import { DangkaError } from '../../shared/errors';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { itemsForUnit } from './documents';

export interface ItemSuggestion {
  item: string;
  /** Chinese: why, e.g. 题名含“申请书”. */
  reason: string;
}

/** A word in the document → the item names it points to. */
const KEYWORDS: [RegExp, string[]][] = [
  [/申请书/, ['贫困户申请书']],
  [/信息采集表|登记表|家庭成员/, ['贫困户信息采集表', '贫困村信息采集表']],
  [/入户普查|普查表/, ['精准识别入户普查表']],
  [/明白卡/, ['贫困户精准扶贫明白卡']],
  [/帮扶手册|扶贫手册/, ['帮扶手册']],
  [/身份证|户口簿/, ['身份证/户口簿复印件']],
  [/退出|脱贫认定/, ['脱贫(退出)认定材料', '贫困户退出(脱贫)公示公告', '退出审核验收材料']],
  [/公示|公告/, ['贫困户识别两公示一公告', '识别/动态调整乡镇审核与第二次公示材料', '贫困村/贫困户识别公示公告']],
  [/会议记录|四议两公开|村民代表会议|党员大会|支部会|两委会/, ['村级会议记录(含四议两公开)', '党委会/推进会会议记录', '会议纪要']],
  [/工作日志/, ['驻村工作队工作日志']],
  [/走访|帮扶记录/, ['入户走访/帮扶记录']],
  [/培训|宣传/, ['宣传培训记录', '宣传培训材料']],
  [/规划/, ['村级脱贫规划', '乡镇脱贫攻坚规划', '规划与年度计划']],
  [/花名册/, ['贫困户花名册/贫困人口汇总表']],
  [/收入测算/, ['年度收入测算表']],
  [/项目/, ['帮扶项目台账(产业、基础设施、公共服务)', '扶贫项目/资金公示', '扶贫项目申报与批复']],
  [/批复|审核|审定/, ['贫困户识别乡镇审核、县级审定材料', '扶贫项目申报与批复', '审定文件']],
];

/** Text looked at: the title and the start of the first pages (headings are at the top). */
const TEXT_CHARS = 400;

export function suggestItems(lib: Library, documentId: number, unitId: number, limit = 3): ItemSuggestion[] {
  const doc = stmt(lib.db, 'SELECT title FROM document WHERE id = ?').get(documentId) as { title: string } | undefined;
  if (!doc) throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${documentId}）`);
  const pages = stmt(lib.db, 'SELECT coalesce(corrected_text, ocr_text, \'\') AS text FROM page WHERE document_id = ? ORDER BY seq LIMIT 2').all(documentId) as {
    text: string;
  }[];
  const text = pages.map((p) => p.text).join('\n').slice(0, TEXT_CHARS);
  // Scores add up; the reason shown is that of the strongest signal.
  const scored = new Map<string, { score: number; best: number; reason: string }>();
  const add = (item: string, score: number, reason: string) => {
    const prev = scored.get(item);
    if (!prev) scored.set(item, { score, best: score, reason });
    else {
      prev.score += score;
      if (score > prev.best) Object.assign(prev, { best: score, reason });
    }
  };
  const items = itemsForUnit(lib, unitId);
  for (const [pattern, names] of KEYWORDS) {
    const inTitle = pattern.exec(doc.title);
    const inText = inTitle ? null : pattern.exec(text);
    const found = inTitle ?? inText;
    if (!found) continue;
    for (const item of items) {
      const name = item.slice(item.indexOf('/') + 1);
      if (names.some((n) => name.includes(n) || n.includes(name))) add(item, inTitle ? 10 : 6, `${inTitle ? '题名' : '文字'}含“${found[0]}”`);
    }
  }
  // Shared two-character words between the item's name and the title/heading.
  const head = `${doc.title}\n${text.slice(0, 80)}`;
  for (const item of items) {
    const name = item.slice(item.indexOf('/') + 1).replace(/[^\p{Script=Han}]/gu, '');
    let shared = 0;
    for (let i = 0; i + 2 <= name.length; i++) if (head.includes(name.slice(i, i + 2))) shared++;
    if (shared >= 2) add(item, shared, '题名与项目名称相近');
  }
  return [...scored.entries()]
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, limit)
    .map(([item, s]) => ({ item, reason: s.reason }));
}
