// 导出验收包: which unit, where to write (a U盘 from pack.targets or a typed folder), what goes in, split or not; the
// plan of what that writes (counts, size, free space, the parts); then writing it with progress and cancel, and
// the bags written.
import { FolderOpenOutlined, ReloadOutlined, SafetyCertificateOutlined, UsbOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Divider, Form, Radio, Select, Spin, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PackPlan, PackResult, PackTarget, WrittenBag } from '../../../shared/domain';
import { FolderField } from '../layout/FolderField';
import { api } from '../api/client';
import { useApiQuery } from '../api/useApiQuery';
import { PresetUnit, UnitPicker, type PickedUnit } from '../digitize/UnitPicker';
import { formatSize, formatSpace, PART_LIMITS } from './format';
import { PackJobView } from './PackJobView';
import { useJob } from '../api/useJob';
import { usePackPlan, useSettled } from './usePackPlan';

const CUSTOM = 'custom';
const LABEL_COL = { flex: '120px' };

export function ExportPanel({ unitId, onVerify }: { unitId: number | null; onVerify(path: string): void }) {
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [refresh, setRefresh] = useState(0);
  const targets = useApiQuery('pack.targets', {});
  // U盘 first, then the library's own folder.
  const sorted = useMemo(() => [...(targets.data ?? [])].sort((a, b) => Number(b.removable) - Number(a.removable)), [targets.data]);
  const [choice, setChoice] = useState<string | null>(null);
  const [customDir, setCustomDir] = useState('');
  const [masters, setMasters] = useState(true);
  const [pdfs, setPdfs] = useState(true);
  const [maxPartBytes, setMaxPartBytes] = useState<number | null>(null);
  const [maskPersonal, setMaskPersonal] = useState(false);
  const packJob = useJob<PackResult>();
  const { job, running } = packJob;

  const where = choice ?? (targets.loading ? null : (sorted[0]?.path ?? CUSTOM));
  const typedDir = useSettled(customDir.trim(), 400);
  const outDir = where === CUSTOM ? typedDir : where;
  const planInput = unit && outDir ? { unitId: unit.id, outDir, include: { masters, pdfs }, maxPartBytes } : null;
  const planned = usePackPlan(planInput, refresh);
  const plan = planned.plan;

  // 写入第几卷: the clerk's choice for these options; by default all parts when they fit, else part 1.
  const [partChoice, setPartChoice] = useState<{ key: string; part: number } | null>(null);
  const several = plan !== null && plan.parts.length > 1;
  const fitsAll = plan !== null && (plan.freeBytes === null || plan.bytes <= plan.freeBytes);
  const part = !several ? 0 : partChoice && partChoice.key === planned.key ? partChoice.part : fitsAll ? 0 : 1;
  const needed = plan === null ? 0 : part > 0 ? (plan.parts[part - 1]?.bytes ?? 0) : plan.bytes;
  const missingDir = plan !== null && plan.freeBytes === null;
  const tooBig = plan !== null && plan.freeBytes !== null && needed > plan.freeBytes;

  // What the package was written with, for the words under the result.
  const [written, setWritten] = useState<{ masked: boolean; removable: boolean }>({ masked: false, removable: false });
  const start = () => {
    if (!unit || !outDir || !plan) return;
    setWritten({ masked: maskPersonal, removable: sorted.some((t) => t.removable && t.path === outDir) });
    void packJob.start(
      () => api('pack.start', { unitId: unit.id, outDir, include: { masters, pdfs }, maxPartBytes, part: part > 0 ? part : null, maskPersonal }),
      () => {
        // The free space has changed.
        targets.reload();
        setRefresh((n) => n + 1);
      },
    );
  };
  const onPreset = useCallback((u: PickedUnit) => setUnit(u), []);
  // The progress, then the result, brought into view below the start button.
  const below = useRef<HTMLDivElement>(null);
  const shown = running ? 'running' : (job?.status ?? (packJob.error ? 'error' : null));
  useEffect(() => {
    if (shown) below.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [shown]);

  let blocked: string | null = null;
  if (!unit) blocked = '请先选择要导出的单位';
  else if (!outDir) blocked = '请选择写到哪里';
  else if (planned.loading) blocked = '正在统计要写入的内容…';
  else if (missingDir) blocked = '找不到这个文件夹：请检查路径，或先建好文件夹';
  else if (tooBig) blocked = '空间不够：请选择“分卷”，每次写入一卷，或换一个更大的U盘';

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      {unitId !== null ? <PresetUnit unitId={unitId} onLoaded={onPreset} /> : null}
      <Card title="1. 选择内容和保存位置">
        <Form layout="horizontal" labelCol={LABEL_COL} disabled={running} colon={false}>
          <Form.Item label="导出单位" required>
            <UnitPicker value={unit} onChange={setUnit} testId="pack-unit" />
          </Form.Item>
          <Form.Item label="写到" required>
            <Radio.Group value={where} onChange={(e) => setChoice(e.target.value as string)} style={{ display: 'flex', flexDirection: 'column', gap: 10 }} data-testid="pack-targets">
              {sorted.map((t) => (
                <TargetOption key={t.path} target={t} />
              ))}
              <Radio value={CUSTOM} data-testid="pack-target-custom">
                <span style={{ display: 'inline-flex', alignItems: 'center', gap: 10 }}>
                  <FolderOpenOutlined style={{ color: '#6b7280' }} />
                  <span>指定文件夹</span>
                  <span style={{ width: 520 }}>
                    <FolderField
                      placeholder="粘贴或输入文件夹的完整路径，如 E:\验收 或 /media/用户/U盘"
                      value={customDir}
                      onChange={(v) => {
                        setCustomDir(v);
                        setChoice(CUSTOM);
                      }}
                      testId="pack-out-dir"
                    />
                  </span>
                </span>
              </Radio>
            </Radio.Group>
            <div style={{ marginTop: 6 }}>
              {!targets.loading && !sorted.some((t) => t.removable) ? (
                <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                  没有发现U盘。
                </Typography.Text>
              ) : null}
              <Button size="small" type="link" icon={<ReloadOutlined />} onClick={targets.reload} style={{ paddingInline: 0 }} data-testid="pack-targets-refresh">
                插入U盘后点此刷新
              </Button>
            </div>
          </Form.Item>
          <Form.Item label="包含">
            <Checkbox checked={masters} onChange={(e) => setMasters(e.target.checked)} data-testid="pack-masters">
              原件（扫描件原样）
            </Checkbox>
            <Checkbox checked={pdfs} onChange={(e) => setPdfs(e.target.checked)} data-testid="pack-pdfs">
              可检索PDF（每件一个，可搜索文字）
            </Checkbox>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                目录（Excel）、校验报告和可直接打开浏览的 index.html 总会写入。
              </Typography.Text>
            </div>
          </Form.Item>
          <Form.Item label="分卷">
            <Select
              style={{ width: 220 }}
              value={maxPartBytes ?? 0}
              onChange={(v: number) => setMaxPartBytes(v === 0 ? null : v)}
              options={PART_LIMITS.map((o) => ({ value: o.value ?? 0, label: o.label }))}
              data-testid="pack-split"
            />
            <Typography.Text type="secondary" style={{ marginLeft: 12, fontSize: 13 }}>
              一个U盘装不下时按村分成几卷，每卷单独写入一个U盘
            </Typography.Text>
          </Form.Item>
          <Form.Item label="个人信息" style={{ marginBottom: 0 }}>
            <Checkbox checked={maskPersonal} onChange={(e) => setMaskPersonal(e.target.checked)} data-testid="pack-mask">
              隐藏身份证号与电话（仅供浏览，不能导入）
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>

      <Card title="2. 核对并写入">
        <div data-testid="pack-plan">
          <PlanView
            plan={plan}
            loading={planned.loading}
            error={planned.error}
            waiting={!planInput}
            part={part}
            onPart={(p) => planned.key && setPartChoice({ key: planned.key, part: p })}
            needed={needed}
            tooBig={tooBig}
            missingDir={missingDir}
            disabled={running}
          />
        </div>
        <Divider style={{ margin: '20px 0' }} />
        <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
          <Button type="primary" size="large" icon={<UsbOutlined />} disabled={blocked !== null || running} loading={packJob.starting} onClick={start} data-testid="pack-start">
            开始写入
          </Button>
          {blocked && !running ? <Typography.Text type="secondary">{blocked}</Typography.Text> : null}
          {!blocked && !running && outDir ? (
            <Typography.Text type="secondary">
              将写到 <Typography.Text code>{outDir}</Typography.Text>
              {part > 0 && plan ? `，第 ${part} 卷（共 ${plan.parts.length} 卷）` : ''}
            </Typography.Text>
          ) : null}
        </div>
        <div ref={below}>
          <PackJobView
            packJob={packJob}
            testId="pack"
            bytesVerb="已写入"
            note="写入时先写到临时文件夹，全部写完并核对无误后才改成数据包的名字；取消或出错时不会留下不完整的数据包。"
            failedTitle="没有写成"
            cancelledTitle="已取消，目标位置没有留下不完整的数据包"
          >
            {(result) => <PackResultView result={result} masked={written.masked} removable={written.removable} onVerify={onVerify} />}
          </PackJobView>
        </div>
      </Card>
    </div>
  );
}

function TargetOption({ target: t }: { target: PackTarget }) {
  return (
    <Radio value={t.path} data-testid="pack-target">
      <span style={{ display: 'inline-flex', alignItems: 'baseline', gap: 10, flexWrap: 'wrap' }}>
        {t.removable ? <UsbOutlined style={{ color: '#1f3a5f' }} /> : <FolderOpenOutlined style={{ color: '#6b7280' }} />}
        <Typography.Text strong>{t.label}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t.path}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 13 }}>{formatSpace(t.freeBytes, t.totalBytes)}</Typography.Text>
      </span>
    </Radio>
  );
}

function PlanView({
  plan,
  loading,
  error,
  waiting,
  part,
  onPart,
  needed,
  tooBig,
  missingDir,
  disabled,
}: {
  plan: PackPlan | null;
  loading: boolean;
  error: string | null;
  waiting: boolean;
  part: number;
  onPart(part: number): void;
  needed: number;
  tooBig: boolean;
  missingDir: boolean;
  disabled: boolean;
}) {
  if (waiting) return <Typography.Text type="secondary">选好单位和保存位置后，这里会列出将写入多少户、多少件、多大。</Typography.Text>;
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!plan) {
    return (
      <div style={{ padding: '12px 0' }}>
        <Spin size="small" /> <Typography.Text type="secondary">正在统计要写入的内容…</Typography.Text>
      </div>
    );
  }
  const several = plan.parts.length > 1;
  return (
    <Spin spinning={loading} description="正在重新统计…">
      <Descriptions
        bordered
        size="middle"
        column={3}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'unit', label: '单位', span: 3, children: `${plan.unit.name}（档号 ${plan.unit.archiveCode}）` },
          { key: 'households', label: '户数', children: <span data-testid="pack-plan-households">{plan.households.toLocaleString('zh-CN')} 户</span> },
          { key: 'documents', label: '文件（件）', children: <span data-testid="pack-plan-documents">{plan.documents.toLocaleString('zh-CN')} 件</span> },
          { key: 'pages', label: '页数', children: `${plan.pages.toLocaleString('zh-CN')} 页` },
          {
            key: 'bytes',
            label: '总大小',
            children: (
              <Typography.Text strong data-testid="pack-plan-size">
                约 {formatSize(plan.bytes)}
              </Typography.Text>
            ),
          },
          {
            key: 'free',
            label: '可用空间',
            span: 2,
            children: plan.freeBytes === null ? <Typography.Text type="danger">找不到这个文件夹</Typography.Text> : <span data-testid="pack-plan-free">{formatSize(plan.freeBytes, 1)}</span>,
          },
        ]}
      />
      {several ? (
        <div style={{ marginTop: 16 }} data-testid="pack-parts">
          <Typography.Paragraph strong style={{ marginBottom: 8 }}>
            按村分成 {plan.parts.length} 卷，每卷写到一个U盘：
          </Typography.Paragraph>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="index"
            dataSource={plan.parts}
            columns={[
              { title: '卷', dataIndex: 'index', width: 90, render: (i: number) => `第 ${i} 卷` },
              { title: '包含的村', dataIndex: 'villages', render: (v: string[]) => v.join('、') || '—' },
              { title: '文件数', dataIndex: 'files', width: 100, align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
              { title: '大小', dataIndex: 'bytes', width: 120, align: 'right', render: (n: number) => formatSize(n) },
            ]}
          />
          <div style={{ marginTop: 12, display: 'flex', alignItems: 'center', gap: 12 }}>
            <Typography.Text>写入第几卷</Typography.Text>
            <Select
              style={{ width: 220 }}
              value={part}
              onChange={onPart}
              disabled={disabled}
              options={[{ value: 0, label: `全部 ${plan.parts.length} 卷` }, ...plan.parts.map((p) => ({ value: p.index, label: `第 ${p.index} 卷（${formatSize(p.bytes)}）` }))]}
              data-testid="pack-part"
            />
            {part > 0 ? <Typography.Text type="secondary">写完这一卷，换一个U盘再写下一卷</Typography.Text> : null}
          </div>
        </div>
      ) : null}
      {plan.warnings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title={`请注意（${plan.warnings.length} 条）`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }} data-testid="pack-plan-warnings">
              {plan.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {tooBig ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="pack-too-big"
          title={`空间不够：需要约 ${formatSize(needed)}，这里只有 ${formatSize(plan.freeBytes ?? 0, 1)} 可用`}
          description={several ? '请在“写入第几卷”中选择一卷，每次写入一卷；或换一个更大的U盘。' : '请在上面选择“分卷”，每次写入一卷；或换一个更大的U盘。'}
        />
      ) : null}
      {missingDir ? <Alert type="error" showIcon style={{ marginTop: 16 }} title="找不到这个文件夹：请检查路径是否正确，或先建好文件夹、插好U盘" /> : null}
    </Spin>
  );
}

function PackResultView({ result, masked, removable, onVerify }: { result: PackResult; masked: boolean; removable: boolean; onVerify(path: string): void }) {
  const last = result.bags[result.bags.length - 1];
  const remaining = last && last.count > 1 && result.bags.length < last.count ? last.count - result.bags.length : 0;
  return (
    <div style={{ marginTop: 16 }} data-testid="pack-result">
      <Alert
        type="success"
        showIcon
        title={result.bags.length > 1 ? `已写好 ${result.bags.length} 个数据包` : '验收数据包已写好'}
        description={
          <>
            {masked
              ? '已隐藏身份证号与电话：此数据包仅供浏览，不能导入档卡。没有档卡的电脑可直接打开其中的 data/index.html 浏览'
              : '可将此文件夹交给县级，用档卡“导入数据包”核验导入；没有档卡的电脑可直接打开其中的 data/index.html 浏览'}
            {removable ? <div>拔出U盘前，请先在电脑上“安全弹出”U盘，以免最后写入的内容丢失。</div> : null}
          </>
        }
      />
      <Table<WrittenBag>
        style={{ marginTop: 12 }}
        size="middle"
        bordered
        pagination={false}
        rowKey="path"
        dataSource={result.bags}
        columns={[
          {
            title: '数据包',
            dataIndex: 'name',
            render: (name: string, b) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                {name}
                {b.count > 1 ? `（第 ${b.part}/${b.count} 卷）` : ''}
              </span>
            ),
          },
          {
            title: '位置',
            dataIndex: 'path',
            render: (path: string) => (
              <Typography.Text copyable={{ tooltips: ['复制路径', '已复制'] }} style={{ wordBreak: 'break-all' }} data-testid="pack-result-path">
                {path}
              </Typography.Text>
            ),
          },
          { title: '文件数', dataIndex: 'files', width: 90, align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '大小', dataIndex: 'bytes', width: 110, align: 'right', render: (n: number) => formatSize(n) },
          {
            title: '',
            key: 'verify',
            width: 120,
            render: (_, b) => (
              <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => onVerify(b.path)}>
                校验
              </Button>
            ),
          },
        ]}
      />
      {remaining > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={`还有 ${remaining} 卷没有写：请换一个U盘，在“写入第几卷”中选下一卷后再写入`}
        />
      ) : null}
      {result.warnings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={`请注意（${result.warnings.length} 条）`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 140, overflow: 'auto' }}>
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      ) : null}
    </div>
  );
}
