// `dangka describe UNIT`: a dossier's 著录 — list it, set one document's fields, confirm the pre-filled values, or
// describe many documents from a CSV (the grid's columns) — through describe.dossier / describe.save like the grid.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  DESCRIPTION_FIELDS,
  DESCRIPTION_LABEL,
  normalizeDateInput,
  RETENTION_LABEL,
  RETENTIONS,
  SECRECY_LEVELS,
  type DescribedDocument,
  type DescriptionField,
  type Retention,
  type Secrecy,
} from '../../../shared/description';
import type { describedRow } from '../../../shared/methods/describe';
import type { z } from 'zod';
import { DangkaError } from '../../../shared/errors';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

type Row = z.input<typeof describedRow>;
type FieldValues = Partial<Record<DescriptionField, string>>;

const PIECE_COLUMN = '件号';
const OPTION_OF: Record<DescriptionField, string> = {
  title: 'title',
  author: 'author',
  refNumber: 'ref',
  date: 'date',
  retention: 'retention',
  secrecy: 'secrecy',
  remarks: 'remarks',
};

interface DescribeOptions extends Partial<Record<string, string | boolean>> {
  library?: string;
  doc?: string;
  confirm?: boolean;
  csv?: string;
  json?: boolean;
}

export function registerDescribe(program: Command): void {
  const cmd = program
    .command('describe')
    .description('案卷的卷内文件著录：列出；--doc 件号 加字段修改一件；--confirm 确认预填的著录；--csv 按表格成批著录')
    .argument('<unit>', '案卷（户或村等单位的档号或路径）')
    .option('--doc <件号>', '要修改或确认的文件（件号）')
    .option('--title <题名>', '题名')
    .option('--author <责任者>', '责任者')
    .option('--ref <文号>', '文号，如 青政发〔2019〕12号')
    .option('--date <日期>', '成文日期，如 20190402 或 2019-4-2（日不详写 00）')
    .option('--retention <期限>', `保管期限：${RETENTIONS.map((r) => `${RETENTION_LABEL[r]}(${r})`).join('、')}`)
    .option('--secrecy <密级>', `密级：${SECRECY_LEVELS.filter(Boolean).join('、')}，或空`)
    .option('--remarks <备注>', '备注')
    .option('--confirm', '确认预填的著录（给 --doc 则只确认这一件，否则确认整卷）')
    .option('--csv <file>', `CSV 文件，首行列名：${PIECE_COLUMN}、${DESCRIPTION_FIELDS.map((f) => DESCRIPTION_LABEL[f]).join('、')}（缺的列保持不变）`)
    .option('--json', '以 JSON 输出');
  libraryOption(cmd).action(
    action(async (unitRef: string, opts: DescribeOptions) => {
      const given: FieldValues = {};
      for (const f of DESCRIPTION_FIELDS) {
        const v = opts[OPTION_OF[f]];
        if (typeof v === 'string') given[f] = v;
      }
      const editing = Object.keys(given).length > 0;
      if ((editing && opts.doc === undefined) || (opts.csv && (editing || opts.doc !== undefined))) {
        process.stderr.write(opts.csv ? '错误：--csv 不能与 --doc 或字段选项同时给出\n' : '错误：修改著录时请用 --doc 指明件号\n');
        return EXIT_USAGE;
      }
      const engine = openEngine({ library: opts.library });
      try {
        const unitId = resolveUnitRef(engine.lib.db, unitRef).id;
        let dossier = unwrap(await engine.call('describe.dossier', { unitId }));
        const byPiece = new Map(dossier.documents.map((d) => [d.pieceNo, d]));
        const pick = (raw: string, where: string): DescribedDocument => {
          const doc = /^\d+$/.test(raw.trim()) ? byPiece.get(Number(raw)) : undefined;
          if (!doc) throw usage(`${where}件号“${raw}”不在这个案卷（共 ${dossier.documents.length} 件）`);
          return doc;
        };
        let rows: Row[] = [];
        if (opts.csv) rows = csvRows(readFileSync(opts.csv, 'utf8')).map(({ line, piece, values }) => toRow(pick(piece, `第${line}行：`), values, false));
        else if (opts.doc !== undefined) rows = [toRow(pick(opts.doc, ''), given, opts.confirm === true)];
        else if (opts.confirm) rows = dossier.documents.filter((d) => d.suggested.length > 0).map((d) => toRow(d, {}, true));
        if (rows.length > 0) dossier = unwrap(await engine.call('describe.save', { unitId, rows })) ?? dossier;
        if (opts.json) printJson(dossier);
        else {
          if (rows.length > 0) process.stdout.write(`已保存 ${rows.length} 件的著录\n`);
          process.stdout.write(listing(dossier.documents, dossier.secrecyWanted));
          process.stdout.write(`共 ${dossier.documents.length} 件，未著录 ${dossier.undescribed} 件，预填待确认 ${dossier.unconfirmed} 件\n`);
        }
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}

/** Wrong input on the command line or in the CSV: exits 2 with the Chinese message, nothing saved. */
function usage(message: string): DangkaError {
  return new DangkaError('INVALID_INPUT', message);
}

/** The document's current description with the given fields replaced (dates and 保管期限 as the clerk types them). */
function toRow(doc: DescribedDocument, values: FieldValues, confirmed: boolean): Row {
  const retentionRaw = values.retention?.trim();
  const retention = retentionRaw === undefined ? doc.retention : retentionCode(retentionRaw);
  const secrecy = values.secrecy === undefined ? doc.secrecy : values.secrecy.trim();
  if (!(SECRECY_LEVELS as readonly string[]).includes(secrecy)) throw usage(`密级“${secrecy}”应为 ${SECRECY_LEVELS.filter(Boolean).join('、')} 之一，或空`);
  return {
    id: doc.id,
    title: values.title ?? doc.title,
    author: values.author ?? doc.author,
    refNumber: values.refNumber ?? doc.refNumber,
    date: values.date === undefined ? doc.date : normalizeDateInput(values.date),
    retention,
    secrecy: secrecy as Secrecy,
    remarks: values.remarks ?? doc.remarks,
    ...(confirmed ? { confirmed: true } : {}),
  };
}

function retentionCode(raw: string): Retention {
  const code = RETENTIONS.find((r) => r === raw.toUpperCase() || RETENTION_LABEL[r] === raw);
  if (!code) throw usage(`保管期限“${raw}”应为 ${RETENTIONS.map((r) => RETENTION_LABEL[r]).join('、')} 之一`);
  return code;
}

/** CSV rows (Excel's UTF-8 with BOM too) keyed by the grid's column names; 件号 says which document. */
function csvRows(text: string): { line: number; piece: string; values: FieldValues }[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim());
  const pieceAt = header.indexOf(PIECE_COLUMN);
  if (pieceAt < 0) throw usage(`CSV 首行应有“${PIECE_COLUMN}”列`);
  const columns = DESCRIPTION_FIELDS.map((f) => [f, header.indexOf(DESCRIPTION_LABEL[f])] as const).filter(([, at]) => at >= 0);
  if (columns.length === 0) throw usage(`CSV 首行没有可著录的列（${DESCRIPTION_FIELDS.map((f) => DESCRIPTION_LABEL[f]).join('、')}）`);
  return records.slice(1).map((r, i) => ({
    line: i + 2,
    piece: r[pieceAt] ?? '',
    values: Object.fromEntries(columns.map(([f, at]) => [f, (r[at] ?? '').trim()])) as FieldValues,
  }));
}

function listing(documents: DescribedDocument[], secrecyWanted: boolean): string {
  return documents
    .map((d) => {
      const parts = [`${String(d.pieceNo).padStart(3)}. ${d.title}`, d.author, d.refNumber, d.date, RETENTION_LABEL[d.retention], secrecyWanted ? d.secrecy : null, `${d.pageCount}页`];
      const notes = [...d.missing, ...(d.suggested.length ? [`待确认：${d.suggested.map((f) => DESCRIPTION_LABEL[f]).join('、')}`] : [])];
      return `${parts.filter((p) => p !== null && p !== '').join(' | ')}${notes.length ? `  〔${notes.join('；')}〕` : ''}\n`;
    })
    .join('');
}
