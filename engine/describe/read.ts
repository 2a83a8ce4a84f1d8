// Reading a document's description (著录) off its OCR text: the title line, the 文号, the 落款 (the issuing body and
// its date). Written for what township scans actually give: Tesseract's text of a 红头 notice or a letter, with
// spaces between characters, brackets read as [ ( 【, 〇 read as O o 0 ○, a seal's garbage near the signature.
// Each reader returns nothing rather than a guess it cannot stand behind; what it returns is a suggestion the
// clerk confirms (engine/describe/store.ts). The form pre-fill (engine/validate/prefill.ts) reads dates, counts
// and labelled names with the same functions.
import { normalizeOcrText } from '../ocr/text';

const HAN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, '○': 0, O: 0, o: 0, Ｏ: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
for (let d = 0; d <= 9; d++) HAN_DIGITS[String(d)] = d;

/**
 * A count or a small number as written: 7, 七, 十五, 二十, 廿一, 两, 一百零五 (to 999). undefined when it is not one.
 */
export function parseCount(raw: string): number | undefined {
  const s = raw.trim().replace(/^廿/, '二十').replace(/^卅/, '三十');
  if (/^\d{1,6}$/.test(s)) return Number(s);
  const m = /^(?:([一二两三四五六七八九])百)?(零)?(?:([一二两三四五六七八九])?(十))?([一二两三四五六七八九])?$/.exec(s);
  if (!m || s === '' || s === '零') return undefined;
  const [, hundreds, , tensDigit, ten, units] = m;
  const value = (hundreds ? HAN_DIGITS[hundreds]! * 100 : 0) + (ten ? (tensDigit ? HAN_DIGITS[tensDigit]! : 1) * 10 : 0) + (units ? HAN_DIGITS[units]! : 0);
  return value > 0 ? value : undefined;
}

export interface FoundDate {
  /** YYYYMMDD as DA/T 22 writes it; an unknown day (二〇二〇年元月) is 00. */
  ymd: string;
  /** Where in the searched text it was found. */
  index: number;
  end: number;
}

// Year: four digits, Arabic or Chinese (二〇一九, 二O一九, 2O19). Month: 1–12, 一…十二, 元/正. Day: 1–31, 一…三十一, 廿/卅.
const YEAR = '([0-9〇○零OoＯ一二三四五六七八九]{4,5})';
const MONTH = '(元|正|1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])';
const DAY = '([12][0-9]|3[01]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[廿卅][一二三四五六七八九]?|[一二三四五六七八九])';
const CHINESE_DATE = new RegExp(`${YEAR}\\s*年\\s*${MONTH}\\s*月(?:\\s*${DAY}\\s*[日曰号])?`, 'g');
// 2019.4.2, 2019-04-02, 2019/4/2, 2019．4．2 (not inside a longer number such as an ID).
const NUMERIC_DATE = /(?<![0-9])((?:19|20)[0-9]{2})\s*[.．/\-－]\s*(1[0-2]|0?[1-9])\s*[.．/\-－]\s*([12][0-9]|3[01]|0?[1-9])(?![0-9])/g;

function yearOf(raw: string): number | undefined {
  const chars = [...raw];
  // OCR reads the 〇 of 二〇一九 twice now and then (二O〇一九): one of two zeros side by side goes.
  const readings =
    chars.length === 4 ? [chars] : chars.flatMap((c, i) => (HAN_DIGITS[c] === 0 && HAN_DIGITS[chars[i + 1] ?? ''] === 0 ? [chars.filter((_, k) => k !== i)] : []));
  for (const reading of readings) {
    const digits = reading.map((c) => HAN_DIGITS[c]);
    if (digits.some((d) => d === undefined)) continue;
    const year = Number(digits.join(''));
    if (year >= 1949 && year <= 2100) return year;
  }
  return undefined;
}

function monthOf(raw: string): number | undefined {
  if (raw === '元' || raw === '正') return 1;
  const n = parseCount(raw);
  return n !== undefined && n >= 1 && n <= 12 ? n : undefined;
}

function ymdOf(year: number | undefined, month: number | undefined, day: number | undefined): string | undefined {
  if (year === undefined || month === undefined) return undefined;
  if (day !== undefined) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || day < 1) return undefined;
  }
  return `${year}${String(month).padStart(2, '0')}${String(day ?? 0).padStart(2, '0')}`;
}

/** Every date in the text, in order: 2019年4月2日, 二〇一九年四月二日, 二〇二〇年元月 (day 00), 2019.4.2. */
export function findDates(raw: string): FoundDate[] {
  // A 1 read as ] | l I beside digits or 年月日 (2018年]月24日); one character for one, so positions hold.
  const text = raw.replace(/(?<=[0-9年月.\-/])[\]|lI](?=[0-9月日号.\-/])/g, '1');
  const found: FoundDate[] = [];
  for (const m of text.matchAll(CHINESE_DATE)) {
    const ymd = ymdOf(yearOf(m[1]!), monthOf(m[2]!), m[3] === undefined ? undefined : parseCount(m[3]));
    if (ymd) found.push({ ymd, index: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const ymd = ymdOf(Number(m[1]), Number(m[2]), Number(m[3]));
    if (ymd && !found.some((f) => m.index < f.end && f.index < m.index + m[0].length)) found.push({ ymd, index: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** '20190402' → '2019-04-02'; a date without its day has no ISO form. */
export function isoOfYmd(ymd: string): string | undefined {
  return ymd.endsWith('00') ? undefined : `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

// ── 文号 ────────────────────────────────────────────────────────────────────────────────────────────────────────
const OPEN = '〔\\[(（【［{｛〈<「';
const CLOSE = '〕\\])）】］}｝〉>」';
// The issuer's abbreviation (青政发, 扶贫办字, 青政函), the year in whatever OCR made of 〔〕 (one bracket may be lost),
// the number, 号.
const REF_NUMBER = new RegExp(
  `(\\p{Script=Han}{2,10})\\s*([${OPEN}])?\\s*((?:19|20)[0-9]{2})\\s*([${CLOSE}])?\\s*(?:第\\s*)?([0-9]{1,4})\\s*[号號]`,
  'u',
);
// Words that stand before a 文号 on its line but are not part of it.
const REF_LEAD = /^.*(?:文号|字号|文件)[:：]?/u;

/** The document's own 文号, normalised to 某政发〔2019〕12号 — read on one line of the head of the document. */
export function findRefNumber(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = REF_NUMBER.exec(line);
    if (!m || (!m[2] && !m[4])) continue;
    const issuer = m[1]!.replace(REF_LEAD, '');
    if (issuer.length >= 2) return `${issuer.replace(/图$/, '函')}〔${m[3]}〕${Number(m[5])}号`;
  }
  return undefined;
}

// ── 题名 ────────────────────────────────────────────────────────────────────────────────────────────────────────
/** What the title of a document of a township's archive ends with (GB/T 9704 文种, and the forms of a dossier). */
const KIND_WORDS =
  '通知|通报|决定|决议|报告|请示|批复|意见|公示|公告|通告|函|复函|纪要|方案|计划|规划|办法|规定|细则|制度|总结|说明|证明|申请书|申请|承诺书|协议书|协议|合同|倡议书|一封信|信|讲话|登记表|汇总表|统计表|花名册|名单|清单|记录|台账|明白卡|手册|责任书|简报|命令|议案|意见书|证明书|决算|预算'.split('|');
const KIND_END = new RegExp(`(?:${KIND_WORDS.join('|')})$`);
const HEADLINE_ONLY = /文件$|^(?:签发人|密级|特急|加急|急件|平件|主送|抄送|附件|印发)|^第?[0-9一二三四五六七八九十]+[页期]$/;

function hanShare(s: string): number {
  const han = s.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han / Math.max(1, [...s].length);
}

/** A line as a title is printed: no spaces (OCR's), no stray marks at either end, no closing full stop. */
function cleanTitle(line: string): string {
  return (
    line
      .replace(/\s+/g, '')
      .replace(/^[-_—|·.:：,，、'"`~*#“”‘’]+/, '')
      .replace(/[-_—|·.。:：,，、'"`~*#“”‘’]+$/, '')
      // Tesseract reads the 函 of a letter's title as 图; no title ends "的图".
      .replace(/的图$/, '的函')
  );
}

function isTitleLike(line: string): boolean {
  const s = cleanTitle(line);
  if (s.length < 4 || s.length > 60 || hanShare(s) < 0.6) return false;
  if (HEADLINE_ONLY.test(s) || REF_NUMBER.test(s) || /[:：]$/.test(line.trim())) return false;
  return !/[，,。；;]/.test(s.slice(0, -1));
}

/**
 * The title: the line near the top that reads as one — "关于…的通知", a line ending with the kind of document, or
 * failing those the first short heading-like line. A title wrapped over two lines ("关于做好…工作" / "的通知") is
 * joined. Only the first third of the lines (at least 8) is searched: lower down, "关于" starts body sentences.
 */
export function findTitle(lines: readonly string[]): { title: string; line: number } | undefined {
  const head = lines.slice(0, Math.max(8, Math.ceil(lines.length / 3)));
  let best: { title: string; line: number; score: number } | undefined;
  for (let i = 0; i < head.length; i++) {
    if (!isTitleLike(head[i]!)) continue;
    let title = cleanTitle(head[i]!);
    const next = head[i + 1] === undefined ? '' : cleanTitle(head[i + 1]!);
    if (!KIND_END.test(title) && next && next.length <= 24 && KIND_END.test(next) && isTitleLike(head[i + 1]!)) title += next;
    const score = (title.startsWith('关于') ? 4 : 0) + (KIND_END.test(title) ? 4 : 0) + (/的(?:通知|决定|报告|请示|批复|意见|函|通报|公示|公告)$/.test(title) ? 2 : 0) - i * 0.1;
    if (score >= 4 && (!best || score > best.score)) best = { title, line: i, score };
  }
  if (best) return { title: best.title, line: best.line };
  // No kind word: the first heading-like line of the top few, short enough to be a heading.
  for (let i = 0; i < Math.min(head.length, 4); i++) {
    const s = cleanTitle(head[i]!);
    if (isTitleLike(head[i]!) && s.length <= 30 && hanShare(s) >= 0.8) return { title: s, line: i };
  }
  return undefined;
}

// ── 落款 ────────────────────────────────────────────────────────────────────────────────────────────────────────
const ISSUER_END =
  /(?:人民政府|政府|委员会|党委|党组|党支部|支部|办公室|办事处|领导小组|指挥部|工作队|工作组|局|厅|委|办|所|站|中心|院|公司|合作社|协会|学校|小学|中学|银行|信用社|村委会|居委会|镇|乡|村|社区|组)$/;

function issuerOf(line: string): string | undefined {
  const s = cleanTitle(line).replace(/^(?:发文单位|单位|落款)[:：]?/, '');
  // A letter or an application is signed by a person: 申请人：张三.
  const person = /^(?:申请人|报告人|签名|写信人|来信人|具函人)[:：]?(\p{Script=Han}{2,4})$/u.exec(s);
  if (person) return person[1];
  if (s.length < 3 || s.length > 30 || hanShare(s) < 0.9) return undefined;
  return ISSUER_END.test(s) ? s : undefined;
}

export interface Signature {
  author?: string;
  date?: string;
}

/**
 * The 落款: the date in the last part of the document (a line that is only a date wins over one inside a sentence
 * — "公示期自2019年4月2日起" is not when it was written), and the issuing body on the line above it or before it on
 * the same line. Seals print their own ring of text near it; such lines are not names of a body and are skipped.
 */
export function findSignature(lines: readonly string[]): Signature {
  const from = Math.floor(lines.length / 2);
  let dateLine = -1;
  let date: FoundDate | undefined;
  for (let i = lines.length - 1; i >= from && dateLine < 0; i--) {
    const dates = findDates(lines[i]!);
    const last = dates.at(-1);
    const rest = last ? (lines[i]!.slice(0, last.index) + lines[i]!.slice(last.end)).replace(/\s/g, '') : '';
    // A 落款 line: the date, perhaps the body's name before it — not a sentence that mentions a date.
    if (last && rest.length <= 20 && !/[,，。;；]/.test(rest)) {
      dateLine = i;
      date = last;
    }
  }
  if (!date) {
    // No 落款 date: the last date of the whole text, as the date it cannot be earlier than.
    const all = findDates(lines.join('\n'));
    return all.length ? { date: all.at(-1)!.ymd } : {};
  }
  const sameLine = issuerOf(lines[dateLine]!.slice(0, date.index));
  if (sameLine) return { author: sameLine, date: date.ymd };
  for (let i = dateLine - 1; i >= Math.max(0, dateLine - 3); i--) {
    const author = issuerOf(lines[i]!);
    if (author) return { author, date: date.ymd };
  }
  return { date: date.ymd };
}

/** The body a 红头 names at the top ("青山镇人民政府文件" → 青山镇人民政府), for when the 落款 has none. */
function headIssuer(lines: readonly string[]): string | undefined {
  for (const line of lines.slice(0, 3)) {
    const s = cleanTitle(line).replace(/文件$/, '');
    if (s.length >= 3 && s.length <= 28 && hanShare(s) === 1 && ISSUER_END.test(s)) return s;
  }
  return undefined;
}

export interface DescriptionSuggestion {
  title?: string;
  author?: string;
  refNumber?: string;
  /** YYYYMMDD (00 for an unknown day). */
  date?: string;
}

/** What the text of a document says about itself (its first page carries title and 文号, its last the 落款). */
export function suggestDescription(pageTexts: readonly string[]): DescriptionSuggestion {
  const pages = pageTexts.map((t) => normalizeOcrText(t).split('\n').map((l) => l.trim()).filter((l) => l !== ''));
  const first = pages.find((p) => p.length > 0) ?? [];
  const last = [...pages].reverse().find((p) => p.length > 0) ?? [];
  const title = findTitle(first);
  const signature = findSignature(last);
  const suggestion: DescriptionSuggestion = {};
  if (title) suggestion.title = title.title;
  // The 文号 stands above the title (红头) or, in a letter, just below it; further down it cites other documents.
  const refNumber = findRefNumber(first.slice(0, title ? title.line + 2 : 6));
  if (refNumber) suggestion.refNumber = refNumber;
  // The 红头 and the 落款 name the same body; where OCR put a seal's stray character in front of one, the other
  // (when it ends the same) is taken as it stands.
  const head = headIssuer(first);
  const author = signature.author && head && signature.author !== head && signature.author.endsWith(head) ? head : (signature.author ?? head);
  if (author) suggestion.author = author;
  if (signature.date) suggestion.date = signature.date;
  return suggestion;
}

/**
 * The label's value on a form: "户主姓名 张三", "户主：张三", a table row read as "户主姓名|张三|性别|男". The value
 * is a name of 2–4 Han characters; the next label on the line is not part of it.
 */
export function labelledName(text: string, labels: readonly string[]): string | undefined {
  const NEXT_LABEL = /(?:性别|民族|年龄|出生|身份|证件|公民|电话|联系|家庭|住址|地址|人口|关系|文化|职务|签名|日期|村|组)/;
  for (const label of labels) {
    // The value is on the label's line (a blank after 申请人： is not the next line's date).
    const m = new RegExp(`${label}(?:姓名)?[ \\t:：|｜丨]*(\\p{Script=Han}{2,6})`, 'u').exec(text);
    if (!m || /^[〇○零一二三四五六七八九十年月日]+$/.test(m[1]!)) continue;
    const cut = NEXT_LABEL.exec(m[1]!.slice(2));
    const name = cut ? m[1]!.slice(0, 2 + cut.index) : m[1]!.slice(0, 4);
    if (name.length >= 2) return name;
  }
  return undefined;
}
