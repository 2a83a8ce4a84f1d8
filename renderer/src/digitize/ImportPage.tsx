// 导入扫描件: where the pages go (a unit and template item, or the inbox to file later), the drop zone, the running
// import with count, ETA and cancel, and what it did; below, the inbox and this computer's scanner folder.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Radio, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useIngest } from '../stores/ingest';
import { HotFolderSetting } from './HotFolderSetting';
import { OcrRecognizerSetting } from './OcrRecognizerSetting';
import { Inbox } from './Inbox';
import { IngestProgress } from './IngestProgress';
import { IngestResultTable } from './IngestResultTable';
import { ItemSelect, PresetUnit, UnitPicker, type PickedUnit } from './UnitPicker';

const ACCEPT = '.jpg,.jpeg,.png,.tif,.tiff,.pdf,.webp';

export function ImportPage({ unitId, item: initialItem }: { unitId: number | null; item: string | null }) {
  const [toInbox, setToInbox] = useState(unitId === null);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [item, setItem] = useState<string | null>(initialItem);
  const { uploading, job, error, start, reset } = useIngest();
  const busy = uploading !== null || job?.status === 'running';

  const ready = toInbox || unit !== null;
  const begin = (files: File[]) => {
    if (!ready || busy || files.length === 0) return;
    void start(files, toInbox ? { unitId: null, item: null } : { unitId: unit!.id, item });
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      {unitId !== null ? <PresetUnit unitId={unitId} onLoaded={setUnit} /> : null}
      <Card size="small" title="导入扫描件" data-testid="import-page">
        <Form layout="horizontal" labelCol={{ flex: '88px' }} style={{ marginBottom: 8 }}>
          <Form.Item label="放到" style={{ marginBottom: 8 }}>
            <Radio.Group value={toInbox ? 'inbox' : 'unit'} onChange={(e) => setToInbox(e.target.value === 'inbox')} disabled={busy}>
              <Radio value="unit" data-testid="target-unit">
                指定单位和档案项目
              </Radio>
              <Radio value="inbox" data-testid="target-inbox">
                收件箱（稍后归档）
              </Radio>
            </Radio.Group>
          </Form.Item>
          {!toInbox ? (
            <>
              <Form.Item label="单位" style={{ marginBottom: 8 }} required>
                <UnitPicker value={unit} onChange={(u) => { setUnit(u); setItem(null); }} testId="import-unit" />
              </Form.Item>
              {unit ? (
                <Form.Item label="档案项目" style={{ marginBottom: 8 }}>
                  <ItemSelect unitId={unit.id} value={item} onChange={setItem} testId="import-item" />
                </Form.Item>
              ) : null}
            </>
          ) : null}
        </Form>
        <div data-testid="import-drop">
        <Upload.Dragger
          multiple
          accept={ACCEPT}
          showUploadList={false}
          disabled={!ready || busy}
          // Files never go to a URL: they are read here and sent through the API, one request each.
          beforeUpload={(_, list) => {
            if (list.length > 0 && _ === list[0]) begin(list as unknown as File[]);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{ready ? '把扫描件拖到这里，或点击选择文件' : '请先选择单位，或选“收件箱”'}</p>
          <p className="ant-upload-hint">支持 JPG、PNG、TIFF（含多页）、PDF；每个文件成为一件，页序保持不变。导入时自动纠偏、裁边并识别文字。</p>
        </Upload.Dragger>
        </div>
        <IngestProgress />
        {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="ingest-error" /> : null}
        <IngestResultTable />
        {job && job.status !== 'running' ? (
          <Button style={{ marginTop: 8 }} onClick={reset}>
            继续导入其他文件
          </Button>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
          原始扫描件原样保存，不做任何改动；纠偏、裁边后的图像另存为查看用副本。同一文件重复导入到同一位置时会提示“已导入过”。
        </Typography.Paragraph>
      </Card>
      <Inbox />
      <HotFolderSetting />
      <OcrRecognizerSetting />
    </div>
  );
}
