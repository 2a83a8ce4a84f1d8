// The household's screening checklists (issue 14 item 6): 一进二看三算四比五议, 十一种人, 五看, 五不录, 六优先 and
// 两不愁三保障 (lists from the rules file). Each list shows what the visit found and who checked it; 登记/修改 opens the
// whole list — the clerk copies the paper 入户核查 sheet or 明白卡 item by item — and saves it at once.
import { Alert, App, Button, DatePicker, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { SCREENING_ANSWER_LABEL, type ScreeningRecord } from '../../../shared/screening';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useLibrary } from '../stores/library';

/** What a recorded list says, in the inspector's terms: the answers that matter for the list's kind. */
function verdict(r: ScreeningRecord): { color: string; text: string } {
  const { checklist, answers } = r;
  if (answers.length === 0) return r.required ? { color: 'orange', text: '未登记' } : { color: 'default', text: '未登记（选填）' };
  if (answers.length < checklist.items.length) return { color: 'orange', text: `缺${checklist.items.length - answers.length}项` };
  const yes = answers.filter((a) => a.result).map((a) => a.item);
  const no = answers.filter((a) => !a.result).map((a) => a.item);
  switch (checklist.kind) {
    case 'steps':
      return no.length ? { color: 'orange', text: `${no.length}项未做` } : { color: 'green', text: '全部已做' };
    case 'exclusion':
      return yes.length ? { color: 'red', text: `属于：${yes.join('、')}` } : { color: 'green', text: '均不属于' };
    case 'priority':
      return { color: yes.length ? 'blue' : 'default', text: yes.length ? `符合：${yes.join('、')}` : '均不符合' };
    case 'guarantee':
      return no.length ? { color: 'red', text: `未保障：${no.join('、')}` } : { color: 'green', text: '全部有保障' };
  }
}

export function ScreeningPanel({ householdId }: { householdId: number }) {
  const query = useApiQuery('screening.get', { householdId });
  const [editing, setEditing] = useState<ScreeningRecord | null>(null);
  if (!query.data) return null;
  return (
    <div data-testid="screening">
      <Table<ScreeningRecord>
        size="small"
        pagination={false}
        rowKey={(r) => r.checklist.id}
        dataSource={query.data.lists}
        columns={[
          { title: '核查清单', render: (_, r) => <span>{r.checklist.title}{r.required ? null : <Typography.Text type="secondary">（选填）</Typography.Text>}</span>, width: 190 },
          { title: '出处', render: (_, r) => r.checklist.source, width: 150 },
          {
            title: '核查结果',
            render: (_, r) => {
              const v = verdict(r);
              return <Tag color={v.color} style={{ whiteSpace: 'normal' }} data-testid={`screening-verdict-${r.checklist.id}`}>{v.text}</Tag>;
            },
          },
          { title: '核查人 / 日期', width: 170, render: (_, r) => (r.answers[0] ? `${r.answers[0].checkedBy}　${r.answers[0].checkedOn}` : '') },
          {
            title: '',
            width: 90,
            render: (_, r) => (
              <Button size="small" onClick={() => setEditing(r)} data-testid={`screening-edit-${r.checklist.id}`}>
                {r.answers.length ? '修改' : '登记'}
              </Button>
            ),
          },
        ]}
      />
      {editing ? <ScreeningDialog householdId={householdId} record={editing} onClose={() => setEditing(null)} onSaved={query.setData} /> : null}
    </div>
  );
}

interface Row {
  item: string;
  result: boolean | null;
  note: string;
}

function ScreeningDialog({ householdId, record, onClose, onSaved }: { householdId: number; record: ScreeningRecord; onClose: () => void; onSaved: (s: Awaited<ReturnType<typeof save>>) => void }) {
  const { checklist } = record;
  const labels = SCREENING_ANSWER_LABEL[checklist.kind];
  const [rows, setRows] = useState<Row[]>(() =>
    checklist.items.map((item) => {
      const a = record.answers.find((x) => x.item === item);
      return { item, result: a ? a.result : null, note: a?.note ?? '' };
    }),
  );
  const [checkedBy, setCheckedBy] = useState(record.answers[0]?.checkedBy ?? '');
  const [checkedOn, setCheckedOn] = useState<Dayjs | null>(record.answers[0] ? dayjs(record.answers[0].checkedOn) : null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const changed = useLibrary((s) => s.changed);
  const set = (i: number, change: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));

  const submit = async () => {
    const open = rows.filter((r) => r.result === null).map((r) => r.item);
    if (open.length) return setError(`还有${open.length}项未选择：${open.join('、')}`);
    if (!checkedBy.trim()) return setError('请填写核查人');
    if (!checkedOn) return setError('请选择核查日期');
    setSaving(true);
    try {
      onSaved(await save(householdId, checklist.id, rows.map((r) => ({ item: r.item, result: r.result!, note: r.note, checkedBy: checkedBy.trim(), checkedOn: checkedOn.format('YYYY-MM-DD') }))));
      void changed();
      void message.success(`“${checklist.title}”已保存`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={`登记核查清单：${checklist.title}`} width={820} okText="保存" cancelText="取消" onOk={() => void submit()} confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <div data-testid="screening-form">
        <Space style={{ marginBottom: 12 }} wrap>
          <span>核查人</span>
          <Input value={checkedBy} onChange={(e) => setCheckedBy(e.target.value)} maxLength={20} style={{ width: 140 }} data-testid="screening-by" />
          <span>核查日期</span>
          <DatePicker value={checkedOn} onChange={setCheckedOn} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="screening-on" />
          <Button size="small" onClick={() => setRows((rs) => rs.map((r) => ({ ...r, result: r.result ?? (checklist.kind === 'exclusion' || checklist.kind === 'priority' ? false : true) })))}>
            其余项均选“{checklist.kind === 'exclusion' || checklist.kind === 'priority' ? labels.no : labels.yes}”
          </Button>
        </Space>
        <Table<Row>
          size="small"
          pagination={false}
          rowKey="item"
          dataSource={rows}
          columns={[
            { title: '项目', dataIndex: 'item' },
            {
              title: '结果',
              width: 190,
              render: (_, r, i) => (
                <Radio.Group value={r.result} onChange={(e) => set(i, { result: e.target.value as boolean })} data-testid={`screening-item-${i}`}>
                  <Radio value={true}>{labels.yes}</Radio>
                  <Radio value={false}>{labels.no}</Radio>
                </Radio.Group>
              ),
            },
            { title: '说明', width: 220, render: (_, r, i) => <Input size="small" value={r.note} maxLength={200} onChange={(e) => set(i, { note: e.target.value })} placeholder="情况说明（选填）" /> },
          ]}
        />
        {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="screening-error" /> : null}
      </div>
    </Modal>
  );
}

function save(householdId: number, checklist: string, answers: { item: string; result: boolean; note: string; checkedBy: string; checkedOn: string }[]) {
  return api('screening.save', { householdId, checklist, answers });
}
