// 备份档案库 (administrators): the whole library — database and every scan — as a verifiable package on a U盘 or
// another disk, while everyone keeps working. The app also backs up by itself on exit, but onto the same disk; this
// is the copy that survives the computer.
import { SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import type { BackupResult } from '../../../shared/domain';
import { api } from '../api/client';
import { useApiQuery } from '../api/useApiQuery';
import { formatSize, formatSpace } from '../pack/format';
import { PackJobView } from '../pack/PackJobView';
import { useJob } from '../api/useJob';
import { FolderField } from '../layout/FolderField';

export function BackupCard() {
  const targets = useApiQuery('pack.targets', {});
  const [chosen, setChosen] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const backup = useJob<BackupResult>();
  const outDir = (chosen ?? typed).trim();
  const start = () => void backup.start(() => api('library.backupStart', { outDir }));

  return (
    <Card title="备份档案库" data-testid="backup-card">
      <Typography.Paragraph type="secondary">
        把整个档案库（目录数据和全部扫描件）写成可校验的备份包，写入后逐个核对；备份时大家可以照常工作。备份含全部身份证号和电话，请妥善保管U盘。
        恢复：见下方“从备份恢复”，或在命令行运行 <Typography.Text code>dangka restore 备份文件夹 --to 新文件夹</Typography.Text>。
      </Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '120px' }} colon={false} disabled={backup.running}>
        <Form.Item label="写到">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value as string)}>
              <Space direction="vertical">
                {(targets.data ?? []).map((t) => (
                  <Radio key={t.path} value={t.path} data-testid="backup-target">
                    {t.label}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 13 }}>
                      {t.path} · {formatSpace(t.freeBytes, t.totalBytes)}
                    </Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <FolderField
              value={typed}
              onChange={(v) => {
                setTyped(v);
                setChosen(null);
              }}
              placeholder="或输入文件夹，如 E:\\ 或 /media/用户名/U盘"
              testId="backup-out-dir"
            />
          </Space>
        </Form.Item>
        <Form.Item label=" " style={{ marginBottom: 0 }}>
          <Button type="primary" icon={<SaveOutlined />} disabled={!outDir || backup.running} loading={backup.starting} onClick={start} data-testid="backup-start">
            开始备份
          </Button>
        </Form.Item>
      </Form>
      <PackJobView
        packJob={backup}
        testId="backup"
        bytesVerb="已写入"
        note="先写到临时文件夹，全部写完并核对无误后才改成备份的名字；取消或出错时不会留下不完整的备份。"
        failedTitle="没有备份成"
        cancelledTitle="已取消，没有留下不完整的备份"
      >
        {(result) => (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="backup-result"
            title={`已备份：${result.path}`}
            description={`${result.files} 个文件，${formatSize(result.bytes)}，写入后已逐个校验。U盘请先“安全弹出”再拔下。`}
          />
        )}
      </PackJobView>
    </Card>
  );
}
