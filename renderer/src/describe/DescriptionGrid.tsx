// 著录 of a whole dossier at once, as a clerk works through a pile of scans: one row per document in 件号 order, a
// cell per field, Tab to the next cell, Enter / ↓ to the same cell of the next row (↑ back), a block pasted from
// Excel (tab-separated rows) filling from the cell it lands in, every cell checked as it is typed (in Chinese,
// shown at the cell), rows moved up and down to set 件号, and one save for all (the engine refuses all or nothing).
// Values read off the scan are shaded as 待确认 until the clerk edits them or confirms the row.
import { ArrowDownOutlined, ArrowUpOutlined, CheckOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  descriptionProblems,
  DESCRIPTION_LABEL,
  looksLikeFileName,
  missingDescription,
  normalizeDateInput,
  RETENTION_LABEL,
  RETENTIONS,
  SECRECY_LEVELS,
  type DescribedDocument,
  type DescriptionField,
  type DossierDescription,
  type Retention,
} from '../../../shared/description';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { PageState } from '../layout/PageState';
import { useRoute } from '../stores/route';

interface Row extends DescribedDocument {
  confirmed: boolean;
}

/** The cells the clerk types in, left to right (a pasted block fills them in this order). */
const TEXT_COLUMNS = ['title', 'author', 'refNumber', 'date', 'retention', 'secrecy', 'remarks'] as const satisfies readonly DescriptionField[];
const WIDTH: Record<DescriptionField, number> = { title: 300, author: 160, refNumber: 150, date: 100, retention: 104, secrecy: 80, remarks: 150 };
const RETENTION_BY_LABEL: Record<string, Retention> = Object.fromEntries([
  ...RETENTIONS.map((r) => [RETENTION_LABEL[r], r]),
  ...RETENTIONS.map((r) => [r, r]),
  ['30年', 'D30'],
  ['10年', 'D10'],
]) as Record<string, Retention>;

/** A value pasted or typed into a cell, as the field stores it. */
function cellValue(field: DescriptionField, raw: string): string {
  const v = raw.trim();
  if (field === 'date') return normalizeDateInput(v);
  if (field === 'retention') return RETENTION_BY_LABEL[v] ?? v;
  return v;
}

export function DescriptionGrid({ unitId, onSaved }: { unitId: number; onSaved?: (d: DossierDescription) => void }) {
  const query = useApiQuery('describe.dossier', { unitId });
  const go = useRoute((s) => s.go);
  const [rows, setRows] = useState<Row[]>([]);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [saved, setSaved] = useState(false);
  const inputs = useRef(new Map<string, HTMLInputElement | null>());

  useEffect(() => {
    if (query.data) setRows(query.data.documents.map((d) => ({ ...d, confirmed: false })));
  }, [query.data]);

  const original = query.data;
  const columns = useMemo(() => TEXT_COLUMNS.filter((c) => c !== 'secrecy' || original?.secrecyWanted), [original?.secrecyWanted]);
  const problems = useMemo(() => new Map(rows.map((r) => [r.id, descriptionProblems(r)])), [rows]);
  const problemCount = [...problems.values()].reduce((n, p) => n + Object.keys(p).length, 0);
  if (!original) return <PageState query={query} />;
  if (original.documents.length === 0) return <Typography.Text type="secondary">本卷还没有文件。导入扫描件后在这里著录题名、责任者、文号和日期。</Typography.Text>;

  const before = new Map(original.documents.map((d) => [d.id, d]));
  const changedFields = (r: Row) => columns.filter((c) => before.get(r.id)?.[c] !== r[c]);
  const orderChanged = rows.some((r, i) => original.documents[i]?.id !== r.id);
  const dirtyRows = rows.filter((r) => r.confirmed || changedFields(r).length > 0);
  const dirty = dirtyRows.length > 0 || orderChanged;

  const update = (index: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  };
  const setCell = (index: number, field: DescriptionField, raw: string) => update(index, { [field]: field === 'date' || field === 'retention' ? cellValue(field, raw) : raw } as Partial<Row>);
  const focus = (index: number, field: DescriptionField) => inputs.current.get(`${index}.${field}`)?.focus();
  const move = (index: number, dir: -1 | 1) => {
    const j = index + dir;
    if (j < 0 || j >= rows.length) return;
    setSaved(false);
    setRows((rs) => {
      const next = [...rs];
      [next[index], next[j]] = [next[j]!, next[index]!];
      return next;
    });
  };

  const onKeyDown = (e: React.KeyboardEvent, index: number, field: DescriptionField) => {
    if (e.key === 'Enter' || (e.key === 'ArrowDown' && !e.altKey)) {
      e.preventDefault();
      focus(e.shiftKey ? index - 1 : index + 1, field);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      focus(index - 1, field);
    } else if (e.key === 'ArrowDown' && e.altKey) {
      e.preventDefault();
      move(index, 1);
    }
  };

  // A block copied from Excel: rows by line, cells by tab, filling rightwards and downwards from this cell.
  const onPaste = (e: React.ClipboardEvent, index: number, field: DescriptionField) => {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return;
    e.preventDefault();
    const block = text.replace(/\r/g, '').replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
    const start = columns.indexOf(field as (typeof columns)[number]);
    setSaved(false);
    setRows((rs) =>
      rs.map((r, i) => {
        const line = block[i - index];
        if (!line) return r;
        const patch: Partial<Row> = {};
        line.forEach((value, k) => {
          const col = columns[start + k];
          if (col) (patch as Record<string, string>)[col] = cellValue(col, value);
        });
        return { ...r, ...patch };
      }),
    );
  };

  const save = async () => {
    setSaving(true);
    setServerError(null);
    try {
      const result = await api('describe.save', {
        unitId,
        rows: dirtyRows.map((r) => ({
          id: r.id,
          title: r.title,
          author: r.author,
          refNumber: r.refNumber,
          date: r.date,
          retention: r.retention,
          secrecy: r.secrecy,
          remarks: r.remarks,
          ...(r.confirmed ? { confirmed: true } : {}),
        })),
        ...(orderChanged ? { order: rows.map((r) => r.id) } : {}),
      });
      if (result) {
        query.setData(result);
        onSaved?.(result);
      }
      setSaved(true);
    } catch (err) {
      const fields = (err as { fields?: Record<string, string> }).fields ?? {};
      setServerError({ message: errorMessage(err), fields });
    } finally {
      setSaving(false);
    }
  };

  // Still the file name: unchanged from when it was one, or typed like one.
  const fileNameTitle = (r: Row) => (before.get(r.id)?.fileNameTitle === true && before.get(r.id)?.title === r.title && !r.confirmed) || looksLikeFileName(r.title);
  const missingOf = (r: Row) => missingDescription(r, fileNameTitle(r));
  const undescribed = rows.filter((r) => missingOf(r).length > 0).length;
  const toConfirm = rows.filter((r) => !r.confirmed && r.suggested.some((f) => before.get(r.id)?.[f] === r[f])).length;

  return (
    <div data-testid="description-grid">
      <Space style={{ marginBottom: 8, flexWrap: 'wrap' }}>
        <Typography.Text>
          共 {rows.length} 件，
          <Typography.Text type={undescribed ? 'danger' : 'success'} data-testid="grid-undescribed">
            未著录 {undescribed} 件
          </Typography.Text>
          ，<span data-testid="grid-unconfirmed">待确认 {toConfirm} 件</span>
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Tab 下一格，Enter/↓ 下一行，↑ 上一行；可从 Excel 复制多行多列粘贴；日期写 20190402（日不详写 00）；自拟题名加 [ ]
        </Typography.Text>
      </Space>
      <div style={{ overflowX: 'auto' }}>
        <table className="dangka-grid" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
          <thead>
            <tr style={{ background: '#fafafa' }}>
              <th style={th(70)}>件号</th>
              {columns.map((c) => (
                <th key={c} style={th(WIDTH[c])}>
                  {c === 'date' ? '成文日期' : DESCRIPTION_LABEL[c]}
                </th>
              ))}
              <th style={th(50)}>页数</th>
              <th style={th(150)}>状态</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, index) => {
              const rowProblems = problems.get(r.id) ?? {};
              const missing = missingOf(r);
              const pending = r.suggested.filter((f) => before.get(r.id)?.[f] === r[f]);
              return (
                <tr key={r.id} data-testid="grid-row" style={{ borderBottom: '1px solid #f0f0f0' }}>
                  <td style={td}>
                    <Space size={0}>
                      <span style={{ width: 22, display: 'inline-block', textAlign: 'right' }}>{index + 1}</span>
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} title="上移（调整件号）" />
                      <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === rows.length - 1} onClick={() => move(index, 1)} title="下移（调整件号）" />
                    </Space>
                  </td>
                  {columns.map((c) => {
                    const problem = rowProblems[c] ?? serverError?.fields[`${r.id}.${c}`];
                    const suggested = !r.confirmed && pending.includes(c);
                    const common = {
                      'data-testid': `cell-${c}`,
                      'aria-label': `第${index + 1}件${DESCRIPTION_LABEL[c]}`,
                    };
                    return (
                      <td key={c} style={td}>
                        {c === 'retention' || c === 'secrecy' ? (
                          <select
                            {...common}
                            ref={(el) => void inputs.current.set(`${index}.${c}`, el as unknown as HTMLInputElement)}
                            value={r[c]}
                            onChange={(e) => setCell(index, c, e.target.value)}
                            onKeyDown={(e) => (e.key === 'Enter' ? onKeyDown(e, index, c) : undefined)}
                            style={{ width: '100%', height: 28, border: '1px solid #d9d9d9', borderRadius: 4 }}
                          >
                            {(c === 'retention' ? RETENTIONS : SECRECY_LEVELS).map((v) => (
                              <option key={v} value={v}>
                                {c === 'retention' ? RETENTION_LABEL[v as Retention] : v || '（不标）'}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <Tooltip title={problem ?? (suggested ? '从扫描件识别，请核对后确认' : undefined)} open={problem ? undefined : false}>
                            <Input
                              {...common}
                              ref={(el) => void inputs.current.set(`${index}.${c}`, el?.input ?? null)}
                              size="small"
                              value={r[c] as string}
                              status={problem ? 'error' : undefined}
                              onChange={(e) => setCell(index, c, e.target.value)}
                              onBlur={(e) => (c === 'date' ? setCell(index, c, e.target.value) : undefined)}
                              onKeyDown={(e) => onKeyDown(e, index, c)}
                              onPaste={(e) => onPaste(e, index, c)}
                              style={{ background: suggested ? '#fffbe6' : undefined }}
                            />
                          </Tooltip>
                        )}
                        {problem ? (
                          <div style={{ color: '#cf1322', fontSize: 12 }} data-testid="cell-problem">
                            {problem}
                          </div>
                        ) : null}
                      </td>
                    );
                  })}
                  <td style={{ ...td, textAlign: 'center' }}>
                    <a onClick={() => go({ page: 'document', id: r.id, seq: 1 })} title="打开文件">
                      {r.pageCount}
                    </a>
                  </td>
                  <td style={td}>
                    <Space size={4} wrap>
                      {missing.map((m) => (
                        <Tag key={m} color="red" style={{ marginInlineEnd: 0 }}>
                          {m}
                        </Tag>
                      ))}
                      {pending.length && !r.confirmed ? (
                        <Checkbox data-testid="row-confirm" checked={r.confirmed} onChange={(e) => update(index, { confirmed: e.target.checked })}>
                          <Tag color="gold">待确认</Tag>
                        </Checkbox>
                      ) : r.confirmed ? (
                        <Tag color="green" icon={<CheckOutlined />}>
                          已确认
                        </Tag>
                      ) : missing.length === 0 ? (
                        <Tag color="green">已著录</Tag>
                      ) : null}
                    </Space>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {serverError ? <Alert type="error" showIcon style={{ marginTop: 8 }} title={serverError.message} data-testid="grid-error" /> : null}
      <Space style={{ marginTop: 10 }}>
        <Button type="primary" loading={saving} disabled={!dirty || problemCount > 0} onClick={() => void save()} data-testid="grid-save">
          保存{dirty ? `（${dirtyRows.length} 件${orderChanged ? '，件号已调整' : ''}）` : ''}
        </Button>
        <Button
          disabled={toConfirm === 0}
          onClick={() => setRows((rs) => rs.map((r) => (r.suggested.length ? { ...r, confirmed: true } : r)))}
          data-testid="grid-confirm-all"
        >
          全部确认识别结果
        </Button>
        <Button disabled={!dirty || saving} onClick={() => original && setRows(original.documents.map((d) => ({ ...d, confirmed: false })))}>
          放弃修改
        </Button>
        {problemCount > 0 ? <Typography.Text type="danger">有 {problemCount} 处填写有误，改正后才能保存</Typography.Text> : null}
        {saved && !dirty ? <Typography.Text type="success" data-testid="grid-saved">已保存</Typography.Text> : null}
      </Space>
    </div>
  );
}

const th = (width: number): React.CSSProperties => ({ textAlign: 'left', padding: '6px 4px', fontWeight: 600, minWidth: width, borderBottom: '1px solid #e8e8e8' });
const td: React.CSSProperties = { padding: '4px', verticalAlign: 'top' };

/** The tab label: how many documents of the dossier still need describing. */
export function describeTabLabel(d: Pick<DossierDescription, 'undescribed' | 'unconfirmed'> | null): string {
  if (!d) return '著录';
  return d.undescribed ? `著录（未著录 ${d.undescribed}）` : d.unconfirmed ? `著录（待确认 ${d.unconfirmed}）` : '著录';
}
