// A document's 著录 in the viewer, beside its pages: the same fields as the dossier's grid, checked the same way,
// with what was read off the scan marked 待确认 until the clerk edits it or confirms.
import { Alert, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  descriptionProblems,
  DESCRIPTION_LABEL,
  normalizeDateInput,
  RETENTION_LABEL,
  RETENTIONS,
  type DescribedDocument,
  type DescriptionField,
  type DocumentDescription,
} from '../../../shared/description';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

const FIELDS = ['title', 'author', 'refNumber', 'date', 'remarks'] as const satisfies readonly DescriptionField[];
const PLACEHOLDER: Partial<Record<DescriptionField, string>> = { date: '20190402', refNumber: '青政发〔2019〕12号', title: '关于…的通知；自拟题名加 [ ]' };

export function DescriptionCard({ documentId, onSaved }: { documentId: number; onSaved?: () => void }) {
  const query = useApiQuery('describe.get', { id: documentId });
  const [draft, setDraft] = useState<DocumentDescription | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = query.data;
  useEffect(() => {
    if (d) setDraft(pick(d));
  }, [d]);
  if (!d || !draft) return null;
  const problems = descriptionProblems(draft);
  const changed = FIELDS.some((f) => draft[f] !== d[f]) || draft.retention !== d.retention;
  const pending = d.suggested.filter((f) => draft[f] === d[f]);
  const save = async (confirmed: boolean) => {
    setSaving(true);
    setError(null);
    try {
      await api('describe.save', { unitId: null, rows: [{ id: d.id, ...draft, ...(confirmed ? { confirmed: true } : {}) }] });
      query.reload();
      onSaved?.();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      data-testid="document-description"
      title={
        <Space>
          著录
          <Typography.Text type="secondary">第 {d.pieceNo} 件 · {d.pageCount} 页</Typography.Text>
          {d.missing.map((m) => (
            <Tag key={m} color="red">
              {m}
            </Tag>
          ))}
          {pending.length ? <Tag color="gold">待确认：{pending.map((f) => DESCRIPTION_LABEL[f]).join('、')}</Tag> : null}
        </Space>
      }
    >
      <Form layout="inline" size="small" style={{ rowGap: 8 }}>
        {FIELDS.map((f) => (
          <Form.Item key={f} label={f === 'date' ? '成文日期' : DESCRIPTION_LABEL[f]} validateStatus={problems[f] ? 'error' : undefined} help={problems[f]}>
            <Input
              data-testid={`describe-${f}`}
              value={draft[f]}
              placeholder={PLACEHOLDER[f]}
              onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
              onBlur={(e) => (f === 'date' ? setDraft({ ...draft, date: normalizeDateInput(e.target.value) }) : undefined)}
              style={{ width: f === 'title' ? 380 : f === 'date' ? 110 : 180, background: pending.includes(f) ? '#fffbe6' : undefined }}
            />
          </Form.Item>
        ))}
        <Form.Item label="保管期限">
          <Select
            value={draft.retention}
            style={{ width: 110 }}
            options={RETENTIONS.map((r) => ({ value: r, label: RETENTION_LABEL[r] }))}
            onChange={(retention) => setDraft({ ...draft, retention })}
          />
        </Form.Item>
        <Space>
          <Button type="primary" disabled={!changed || Object.keys(problems).length > 0} loading={saving} onClick={() => void save(false)} data-testid="describe-save">
            保存著录
          </Button>
          {pending.length ? (
            <Button disabled={Object.keys(problems).length > 0} loading={saving} onClick={() => void save(true)} data-testid="describe-confirm">
              确认识别结果
            </Button>
          ) : null}
        </Space>
      </Form>
      {error ? <Alert type="error" showIcon style={{ marginTop: 8 }} title={error} /> : null}
    </Card>
  );
}

function pick(d: DescribedDocument): DocumentDescription {
  return { title: d.title, author: d.author, refNumber: d.refNumber, date: d.date, retention: d.retention, secrecy: d.secrecy, remarks: d.remarks };
}
