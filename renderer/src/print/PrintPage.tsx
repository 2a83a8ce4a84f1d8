// 打印中心: what to print (明白卡, 户明白卡, 案卷封面与目录) for which units (one or a selection), with its options; the job's progress with
// count, ETA and cancel; what will print as a placeholder; a preview of the pages; and saving all or a page range
// as a PDF, or opening them in the computer's PDF reader to print through its dialog.
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, InputNumber, Pagination, Progress, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { PrintResult } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useJob } from '../api/useJob';
import { PresetUnit, UnitPicker, type PickedUnit } from '../digitize/UnitPicker';
import { download, formatEta } from '../util/files';

type Kind = 'cards' | 'householdCards' | 'binder';

const KINDS: { value: Kind; label: string }[] = [
  { value: 'cards', label: '明白卡（三张联系人卡）' },
  { value: 'householdCards', label: '贫困户精准扶贫明白卡（A4）' },
  { value: 'binder', label: '案卷封面、卷内目录、备考表、脊背' },
];

export function PrintPage({ unitId }: { unitId: number | null }) {
  // A selection: one unit or several (each prints with everything under it, in catalog order).
  const [units, setUnits] = useState<PickedUnit[]>([]);
  const addUnit = useCallback((u: PickedUnit | null) => u && setUnits((list) => (list.some((x) => x.id === u.id) ? list : [...list, u])), []);
  const [kind, setKind] = useState<Kind>('cards');
  const [layout, setLayout] = useState<'a4' | 'a5' | 'a6'>('a4');
  const [copies, setCopies] = useState<'both' | 'village' | 'family'>('both');
  const [spineCm, setSpineCm] = useState<2 | 3 | 4 | 5 | 6>(3);
  const printing = useJob<PrintResult>();
  const { job, error } = printing;

  const start = async () => {
    if (units.length === 0) return;
    const unitIds = units.map((u) => u.id);
    await printing.start(() =>
      kind === 'cards'
        ? api('print.cards', { unitIds, layout, copies })
        : kind === 'householdCards'
          ? api('print.householdCards', { unitIds })
          : api('print.binder', { unitIds, spineCm }),
    );
  };
  const running = printing.running;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="print-page">
      {unitId !== null ? <PresetUnit unitId={unitId} onLoaded={addUnit} /> : null}
      <Card size="small" title="打印中心">
        <Form layout="horizontal" labelCol={{ flex: '88px' }}>
          <Form.Item label="单位" required style={{ marginBottom: 10 }}>
            <Space wrap data-testid="print-units">
              {units.map((u) => (
                <Tag key={u.id} closable onClose={() => setUnits((list) => list.filter((x) => x.id !== u.id))} color="geekblue" data-testid="print-unit-chosen">
                  {u.pathLabel ? `${u.pathLabel} / ` : ''}
                  {u.name}
                </Tag>
              ))}
              <UnitPicker value={null} onChange={addUnit} testId="print-unit" />
            </Space>
          </Form.Item>
          <Form.Item label="打印" style={{ marginBottom: 10 }}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Kind)} options={KINDS} data-testid="print-kind" />
          </Form.Item>
          {kind === 'cards' ? (
            <Form.Item label="版式" style={{ marginBottom: 10 }}>
              <Space wrap>
                <Radio.Group value={layout} onChange={(e) => setLayout(e.target.value as 'a4')} options={[{ value: 'a4', label: 'A4 每页4张（带裁切线）' }, { value: 'a5', label: 'A5 每页1张' }, { value: 'a6', label: 'A6 每页1张' }]} />
                <Select
                  value={copies}
                  onChange={setCopies}
                  style={{ width: 220 }}
                  options={[
                    { value: 'both', label: '村级户档、家庭户档各一套' },
                    { value: 'village', label: '只印村级户档' },
                    { value: 'family', label: '只印家庭户档' },
                  ]}
                />
              </Space>
            </Form.Item>
          ) : null}
          {kind === 'binder' ? (
            <Form.Item label="盒脊厚度" style={{ marginBottom: 10 }}>
              <Radio.Group value={spineCm} onChange={(e) => setSpineCm(e.target.value as 3)} options={[2, 3, 4, 5, 6].map((n) => ({ value: n, label: `${n} 厘米` }))} />
            </Form.Item>
          ) : null}
        </Form>
        <Space>
          <Button type="primary" icon={<PrinterOutlined />} disabled={units.length === 0 || running} onClick={() => void start()} data-testid="print-start">
            生成
          </Button>
          {running ? (
            <Button danger loading={printing.cancelling} disabled={!job} onClick={() => void printing.cancel()}>
              取消
            </Button>
          ) : null}
        </Space>
        {running && job ? (
          <div style={{ marginTop: 12 }} data-testid="print-progress">
            <Typography.Text>
              {job.phase}… {job.total ? `${job.done} / ${job.total}` : ''} {formatEta(job.etaSeconds) ?? ''}
            </Typography.Text>
            <Progress percent={job.total ? Math.floor((job.done / job.total) * 100) : 0} status="active" />
          </div>
        ) : null}
        {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
        {job && !running && job.status !== 'running' && !job.result ? <Alert type="error" showIcon message={job.error?.message ?? '生成失败'} style={{ marginTop: 12 }} /> : null}
      </Card>
      {job?.status === 'done' && job.result ? <PrintResultView jobId={job.id} result={job.result} /> : null}
    </div>
  );
}

function PrintResultView({ jobId, result }: { jobId: string; result: PrintResult }) {
  const [page, setPage] = useState(1);
  const [range, setRange] = useState<[number, number]>([1, result.pages]);
  const [saving, setSaving] = useState(false);
  const preview = useApiQuery('print.preview', { jobId, page });
  const [opened, setOpened] = useState<{ path: string; opened: boolean } | null>(null);
  const showError = useShowError();
  const openToPrint = async () => {
    setSaving(true);
    try {
      setOpened(await api('print.open', { jobId, from: range[0], to: range[1] }));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  const save = async () => {
    setSaving(true);
    try {
      const pdf = await api('print.pdf', { jobId, from: range[0], to: range[1] });
      download(`data:application/pdf;base64,${pdf.contentBase64}`, pdf.fileName);
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={`${result.fileName}（共 ${result.pages} 页）`} data-testid="print-result">
      {result.warnings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`打印前请注意（${result.warnings.length} 条）`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 140, overflow: 'auto' }} data-testid="print-warnings">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <div style={{ background: '#e5e7eb', padding: 12, borderRadius: 4, minWidth: 320, minHeight: 240, textAlign: 'center' }}>
          {preview.data ? <img src={preview.data.dataUrl} alt={`第${page}页`} style={{ maxWidth: 560, boxShadow: '0 1px 4px rgba(0,0,0,.25)', background: '#fff' }} data-testid="print-preview" /> : preview.error ? <Empty description={preview.error.message} /> : <Spin />}
          <div style={{ marginTop: 8 }}>
            <Pagination simple current={page} total={result.pages} pageSize={1} onChange={setPage} />
          </div>
        </div>
        <Space direction="vertical">
          <Typography.Text>页码范围</Typography.Text>
          <Space>
            第
            <InputNumber min={1} max={result.pages} value={range[0]} onChange={(v) => setRange([v ?? 1, Math.max(v ?? 1, range[1])])} />
            至
            <InputNumber min={range[0]} max={result.pages} value={range[1]} onChange={(v) => setRange([range[0], v ?? result.pages])} />
            页
          </Space>
          <Space>
            <Button type="primary" icon={<PrinterOutlined />} loading={saving} onClick={() => void openToPrint()} data-testid="print-open">
              打印…
            </Button>
            <Button loading={saving} onClick={() => void save()} data-testid="print-save">
              保存PDF
            </Button>
          </Space>
          {opened ? <Alert type={opened.opened ? 'success' : 'info'} showIcon style={{ maxWidth: 300 }} message={opened.opened ? '已在PDF阅读器中打开，请在其中选择打印机打印' : `未能打开PDF阅读器，文件已保存在：${opened.path}`} data-testid="print-opened" /> : null}
          <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 300 }}>
            打印时选“实际大小（100%）”，不要“适合页面”，卡片和脊背的尺寸才准确。
          </Typography.Text>
        </Space>
      </div>
    </Card>
  );
}
