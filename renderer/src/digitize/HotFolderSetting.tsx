// 扫描文件夹: the folder this computer's scanner saves into. New files, once completely written, go to the inbox;
// the folder keeps them under 已导入 / 未能导入 (with the reason).
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { FolderField } from '../layout/FolderField';
import { api } from '../api/client';
import { useApiQuery } from '../api/useApiQuery';
import { useSaveInto } from '../api/useSaveInto';
import { useCan } from '../auth/auth';

export function HotFolderSetting() {
  const status = useApiQuery('hotFolder.get', {});
  const [dir, setDir] = useState('');
  const { saving, save: saveInto } = useSaveInto(status);
  // Its files are moved away after import: an administrator chooses the folder (the engine refuses anyone else).
  const canSet = useCan('hotFolder.set');
  useEffect(() => setDir(status.data?.dir ?? ''), [status.data?.dir]);
  const save = (value: string | null) => saveInto(() => api('hotFolder.set', { dir: value }));
  const s = status.data;
  return (
    <Card size="small" title="扫描文件夹（本机）" data-testid="hot-folder">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        把扫描仪保存文件的文件夹填在这里：文件写完后自动导入收件箱并识别文字，原文件移入该文件夹下的“已导入”（导入不了的移入“未能导入”，并写明原因）。
      </Typography.Paragraph>
      {canSet ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <FolderField value={dir} onChange={setDir} placeholder="如 D:\扫描 或 /home/用户/扫描" testId="hot-folder-input" />
          <Space>
            <Button type="primary" loading={saving} disabled={!dir.trim()} onClick={() => void save(dir.trim())}>
              保存
            </Button>
            {s?.dir ? (
              <Button onClick={() => void save(null)} disabled={saving}>
                停止监视
              </Button>
            ) : null}
          </Space>
        </Space>
      ) : (
        <Typography.Paragraph style={{ fontSize: 12 }} data-testid="hot-folder-admin-only">
          {s?.dir ? `扫描文件夹：${s.dir}。` : '本机还没有设置扫描文件夹。'}扫描文件夹由管理员设置。
        </Typography.Paragraph>
      )}
      {s?.dir ? (
        <div style={{ marginTop: 8 }}>
          {s.active ? <Tag color="green">监视中</Tag> : <Tag>未监视</Tag>}
          <Typography.Text type="secondary">
            本次启动后已导入 {s.imported} 个{s.failed ? `，${s.failed} 个未能导入` : ''}
          </Typography.Text>
        </div>
      ) : null}
      {s?.problem ? <Alert type="warning" showIcon message={s.problem} style={{ marginTop: 8 }} /> : null}
    </Card>
  );
}
