// 导入数据包: a township's bag merged into this library in one transaction — verified first and refused whole on
// any problem; households the library already has with other data settled by the rule chosen.
import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { BagImportConflict, BagImportResult, ConflictRule } from '../../../shared/domain';
import { api } from '../api/client';
import { BagProblemsTable } from './BagProblemsTable';
import { PackJobView } from './PackJobView';
import { useJob } from '../api/useJob';
import { problemCounts, type DirRequest } from './VerifyPanel';

const RULES: { value: ConflictRule; label: string; hint: string }[] = [
  { value: 'newer', label: '较新的为准（推荐）', hint: '本库已有、信息又不同的户或村，保留最后修改的一方' },
  { value: 'package', label: '以数据包为准', hint: '本库已有、信息又不同的户或村，改成数据包里的信息' },
  { value: 'library', label: '保留本库数据', hint: '本库已有的户或村不改动；本库没有的户照常导入' },
];

export function ImportPanel({ request }: { request: DirRequest | null }) {
  const [dir, setDir] = useState('');
  const [rule, setRule] = useState<ConflictRule>('newer');
  const imp = useJob<BagImportResult>();
  const { running } = imp;
  // 导入 under a verified bag: its path, for the clerk to choose the rule and start.
  const handled = useRef(0);
  useEffect(() => {
    if (!request || handled.current === request.seq) return;
    handled.current = request.seq;
    setDir(request.path);
  }, [request]);

  const begin = () => {
    const d = dir.trim();
    if (!d) return;
    // The tree, the header's counts and the page follow the change feed (stores/library.ts).
    void imp.start(() => api('pack.importStart', { dir: d, onConflict: rule }));
  };

  return (
    <Card title="导入数据包">
      <Typography.Paragraph type="secondary">
        把乡镇交来的验收数据包合并到本库。导入前先完整校验；数据包有任何问题都不会导入，本库不做任何改动。扫描件只会增加，不会替换或删除本库已有的文件。
      </Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '120px' }} colon={false} disabled={running}>
        <Form.Item label="数据包文件夹" required>
          <Input
            style={{ maxWidth: 640 }}
            placeholder="数据包文件夹的完整路径（含 bagit.txt 的那一层），如 E:\520102-20240501"
            value={dir}
            onChange={(e) => setDir(e.target.value)}
            allowClear
            data-testid="pack-import-dir"
          />
        </Form.Item>
        <Form.Item label="两边不一致时">
          <Radio.Group value={rule} onChange={(e) => setRule(e.target.value as ConflictRule)} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="pack-import-rule">
            {RULES.map((r) => (
              <Radio key={r.value} value={r.value} data-testid={`pack-import-rule-${r.value}`}>
                <span style={{ display: 'inline-block', minWidth: 150 }}>{r.label}</span>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {r.hint}
                </Typography.Text>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label=" " style={{ marginBottom: 0 }}>
          <Button type="primary" size="large" icon={<ImportOutlined />} disabled={!dir.trim() || running} loading={imp.starting} onClick={begin} data-testid="pack-import-start">
            导入
          </Button>
        </Form.Item>
      </Form>
      <PackJobView packJob={imp} testId="pack-import" bytesVerb="已校验" note="数据包全部核对无误后才一次写入本库；取消或出错时本库不做任何改动。" failedTitle="没有导入" cancelledTitle="已取消，本库没有任何改动">
        {(result) => <ImportResultView result={result} />}
      </PackJobView>
    </Card>
  );
}

function ImportResultView({ result }: { result: BagImportResult }) {
  if (!result.applied) {
    return (
      <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="pack-import-result">
        <Alert
          type="error"
          showIcon
          title="未导入：数据包有问题，本库没有任何改动"
          description={result.problems.length ? `共 ${result.problems.length} 处：${problemCounts(result.problems)}。请让对方重新导出一份数据包。` : undefined}
          data-testid="pack-import-refused"
        />
        {result.problems.length ? <BagProblemsTable problems={result.problems} testId="pack-import-problems" /> : null}
      </div>
    );
  }
  const n = (v: number) => v.toLocaleString('zh-CN');
  return (
    <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="pack-import-result">
      <Alert type="success" showIcon title={`已导入${result.source ? `：${result.source}` : ''}`} data-testid="pack-import-ok" />
      <Descriptions
        bordered
        size="middle"
        column={3}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'unitsCreated', label: '新建单位', children: <span data-testid="pack-import-units-created">{n(result.unitsCreated)}</span> },
          { key: 'unitsUpdated', label: '更新单位', children: <span data-testid="pack-import-units-updated">{n(result.unitsUpdated)}</span> },
          { key: 'forms', label: '表单', children: <span data-testid="pack-import-forms">{n(result.forms)}</span> },
          { key: 'documentsAdded', label: '新增文件', children: <span data-testid="pack-import-added">{n(result.documentsAdded)} 件</span> },
          { key: 'documentsSkipped', label: '已有文件跳过', children: <span data-testid="pack-import-skipped">{n(result.documentsSkipped)} 件</span> },
          {
            key: 'files',
            label: '存储',
            children: `新存 ${n(result.filesStored)} 个，已有 ${n(result.filesReused)} 个`,
          },
        ]}
      />
      {result.conflicts.length ? (
        <>
          <Typography.Text strong>两边信息不一致的户或村（{result.conflicts.length}）</Typography.Text>
          <Table<BagImportConflict>
            size="middle"
            bordered
            rowKey="archiveCode"
            dataSource={result.conflicts}
            pagination={result.conflicts.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            data-testid="pack-import-conflicts"
            columns={[
              { title: '档号', dataIndex: 'archiveCode', width: 200 },
              { title: '名称', dataIndex: 'name', width: 200 },
              {
                title: '保留',
                dataIndex: 'kept',
                width: 120,
                render: (kept: BagImportConflict['kept']) => (kept === 'package' ? <Tag color="blue">数据包</Tag> : <Tag color="green">本库</Tag>),
              },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
