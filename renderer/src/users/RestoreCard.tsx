// 从备份恢复 (administrators): a backup on a U盘 becomes a NEW library folder — never over this one — and the app
// then opens it; its own accounts ask for a sign-in. Checked first (is it a backup, is the target empty and outside
// this library), confirmed in a dialog that names both folders, then verified file by file as a job with progress. 浏览 picks either folder (layout/FolderField.tsx).
import { HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Typography } from 'antd';
import { useState } from 'react';
import type { RestorePreview, RestoreResult } from '../../../shared/methods/restore';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useJob } from '../api/useJob';
import { formatSize } from '../pack/format';
import { PackJobView } from '../pack/PackJobView';
import { FolderField } from '../layout/FolderField';

export function RestoreCard() {
  const { modal } = App.useApp();
  const [backupDir, setBackupDir] = useState('');
  const [targetDir, setTargetDir] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const restore = useJob<RestoreResult>();
  const busy = checking || restore.running || opening !== null;

  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setProblem(null);
  };

  const openRestored = async (dir: string) => {
    setOpening(dir);
    try {
      // The library event takes every window to the restored library's sign-in (stores/library.ts).
      await api('library.open', { path: dir });
    } catch (err) {
      setProblem(`已恢复到 ${dir}，但没能打开：${errorMessage(err)}`);
      setOpening(null);
    }
  };

  const confirm = (preview: RestorePreview) =>
    modal.confirm({
      title: '从备份恢复档案库',
      width: 560,
      okText: '恢复并打开',
      cancelText: '取消',
      content: (
        <div data-testid="restore-confirm">
          <Typography.Paragraph>
            将把备份 <Typography.Text strong>{preview.backupDir}</Typography.Text>
            {preview.madeOn ? `（${preview.madeOn} 制作${preview.label ? `，${preview.label}` : ''}）` : ''}逐个校验后恢复成一个<Typography.Text strong>新的档案库</Typography.Text>：
            <Typography.Text strong>{preview.targetDir}</Typography.Text>。
          </Typography.Paragraph>
          <Typography.Paragraph>
            共 {preview.files.toLocaleString('zh-CN')} 个文件{preview.bytes !== null ? `，${formatSize(preview.bytes)}` : ''}。当前档案库不会被改动或删除；恢复完成后程序改为打开恢复的档案库，请用备份时的账户登录。
          </Typography.Paragraph>
        </div>
      ),
      onOk: () => {
        void restore.start(
          () => api('library.restoreStart', { backupDir: preview.backupDir, targetDir: preview.targetDir }),
          (state) => {
            if (state.status === 'done' && state.result) void openRestored(state.result.dir);
          },
        );
      },
    });

  const check = async () => {
    setChecking(true);
    setProblem(null);
    restore.reset();
    try {
      confirm(await api('library.restoreCheck', { backupDir: backupDir.trim(), targetDir: targetDir.trim() }));
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card title="从备份恢复" data-testid="restore-card">
      <Typography.Paragraph type="secondary">
        电脑损坏或档案库出错时，把U盘上的备份恢复成一个新的档案库并打开它。恢复前逐个核对备份中的文件；不会覆盖任何已有的档案库。
      </Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '120px' }} colon={false}>
        <Form.Item label="备份文件夹" required>
          <FolderField value={backupDir} onChange={edit(setBackupDir)} placeholder="如 E:\dangka-backup-20261204-173000 或 /media/用户名/U盘/dangka-backup-…" testId="restore-backup-dir" disabled={busy} />
        </Form.Item>
        <Form.Item label="恢复到" required extra="一个新的或空的文件夹，不能在当前档案库的文件夹里">
          <FolderField value={targetDir} onChange={edit(setTargetDir)} placeholder="如 D:\档案库-恢复 或 /home/用户名/档案库-恢复" testId="restore-target-dir" disabled={busy} />
        </Form.Item>
        <Form.Item label=" " style={{ marginBottom: 0 }}>
          <Button type="primary" icon={<HistoryOutlined />} disabled={!backupDir.trim() || !targetDir.trim() || busy} loading={checking} onClick={() => void check()} data-testid="restore-start">
            检查并恢复…
          </Button>
        </Form.Item>
      </Form>
      {problem ? <Alert type="error" showIcon style={{ marginTop: 16 }} title={problem} data-testid="restore-problem" /> : null}
      <PackJobView
        packJob={restore}
        testId="restore"
        bytesVerb="已恢复"
        note="先恢复到临时文件夹并逐个校验，全部无误后才改成目标文件夹；取消或出错时不留下任何内容。"
        failedTitle="没有恢复"
        cancelledTitle="已取消恢复，没有留下任何内容"
      >
        {(result) => <Alert type="success" showIcon style={{ marginTop: 16 }} data-testid="restore-result" title={`已恢复到 ${result.dir}（${result.files} 个文件，已逐个校验），正在打开…`} />}
      </PackJobView>
    </Card>
  );
}
