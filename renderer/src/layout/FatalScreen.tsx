// The library cannot be opened (or the app's engine process stopped): say why in the engine's Chinese words and what
// to do. 重试 closes and opens the library again (after plugging the U盘 back in); 选择其他档案库 opens another folder
// — chosen with the system's folder picker in the app, typed in a browser.
import { Alert, Button, Card, Form, Input, Modal, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError, ErrorCode } from '../../../shared/errors';
import { api, callApi } from '../api/client';
import { errorMessage } from '../api/errors';
import { fieldErrors } from '../auth/auth';
import { libraryOpened } from '../stores/library';

const WHAT_TO_DO: Partial<Record<ErrorCode, string[]>> = {
  LIBRARY_MISSING: [
    '如果档案库在U盘或移动硬盘上，请把它插好，然后点「重试」。',
    '确认档案库文件夹没有被移动、改名或删除。',
    '档案库已搬到别处时，点「选择其他档案库」，选它的新位置。',
  ],
  LIBRARY_CORRUPT: [
    '请先不要在这个档案库里做任何修改。',
    '把整个档案库文件夹复制一份留底，然后从最近一次的备份恢复（恢复出的档案库可用「选择其他档案库」打开）。',
    '需要帮助时，请联系技术支持，并提供这份复制的文件夹。',
  ],
  LIBRARY_FROM_FUTURE: [
    '这个档案库是用更新版本的档卡建立或修改过的，本机的档卡版本较旧。',
    '请安装最新版本的档卡后再打开；不要用旧版本修改它。',
  ],
  LIBRARY_READ_ONLY: ['档案库所在的磁盘或U盘不允许写入（可能开启了写保护），请解除写保护后点「重试」。'],
  LIBRARY_BUSY: ['档案库正在被其他操作占用（例如正在导入），请稍等片刻后点「重试」。'],
  UNAUTHORIZED: [
    '请回到运行 dangka serve 的窗口，复制其中打印的完整地址（带 token=…）在浏览器中打开。',
    '每次启动 dangka serve 地址都会变化，旧的书签不能再用。',
  ],
};

const DEFAULT_STEPS = ['请点「重试」；如仍不行，请重新启动档卡。', '问题持续时，请联系技术支持，并告知下面的错误代码。'];

export function FatalScreen({ error }: { error: ApiError }) {
  const [retrying, setRetrying] = useState(false);
  const [choosing, setChoosing] = useState(false);
  /** What 重试 met: the library still cannot be opened, perhaps for another reason now. */
  const [retried, setRetried] = useState<{ shown: ApiError; error: ApiError } | null>(null);
  const current = retried?.shown === error ? retried.error : error;
  const steps = WHAT_TO_DO[current.code] ?? DEFAULT_STEPS;
  // Without the serve token no call can succeed: only the steps help.
  const canRecover = current.code !== 'UNAUTHORIZED';

  const retry = async () => {
    setRetrying(true);
    const result = await callApi('library.reopen', {}).catch((): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'INTERNAL', message: '无法连接档卡服务' } }));
    if (result.ok) await libraryOpened();
    else setRetried({ shown: error, error: result.error });
    setRetrying(false);
  };

  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Card style={{ width: 640 }} data-testid="fatal-screen">
        <Result
          status="error"
          title="无法打开档案库"
          subTitle={<span data-testid="fatal-message">{current.message}</span>}
          extra={
            canRecover ? (
              <Space>
                <Button type="primary" loading={retrying} onClick={() => void retry()} data-testid="fatal-retry">
                  重试
                </Button>
                <Button onClick={() => setChoosing(true)} data-testid="fatal-open-other">
                  选择其他档案库
                </Button>
              </Space>
            ) : null
          }
        >
          {retried?.shown === error ? (
            <Alert type="warning" showIcon title="已重试，仍然无法打开" style={{ marginBottom: 12 }} data-testid="fatal-retried" />
          ) : null}
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            怎么办
          </Typography.Title>
          <ol style={{ paddingLeft: 20, margin: 0, lineHeight: 1.9 }}>
            {steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            错误代码：{current.code}
          </Typography.Paragraph>
        </Result>
      </Card>
      {choosing ? <OpenLibraryModal onClose={() => setChoosing(false)} /> : null}
    </div>
  );
}

/** 选择其他档案库: the folder of another library; the one open now stays open when it is refused. */
function OpenLibraryModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<{ path: string }>();
  const [opening, setOpening] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const chooseFolder = window.dangka?.chooseFolder;

  const browse = async () => {
    const chosen = await chooseFolder?.();
    if (chosen) form.setFieldsValue({ path: chosen });
  };

  const open = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setOpening(true);
    setProblem(null);
    try {
      await api('library.open', { path: values.path });
      onClose();
      await libraryOpened();
    } catch (err) {
      const onFields = fieldErrors(err, ['path']);
      if (onFields.length) form.setFields(onFields as never);
      else setProblem(errorMessage(err));
    } finally {
      setOpening(false);
    }
  };

  return (
    <Modal
      open
      title="选择其他档案库"
      okText="打开"
      cancelText="取消"
      confirmLoading={opening}
      onOk={() => void open()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'open-library-submit' } as never}
      width={560}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        档案库是一个文件夹，里面有档卡的数据库（dangka.sqlite）和 files 文件夹。
        {chooseFolder ? '点「浏览」选择它，或直接输入它的位置。' : '请输入它的完整位置。'}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} autoComplete="off" onFinish={() => void open()}>
        <Form.Item label="档案库文件夹" required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="path" noStyle rules={[{ required: true, whitespace: true, message: '请输入档案库文件夹的位置' }]}>
              <Input placeholder="例如 /media/文书/U盘/档案库 或 D:\档案库" data-testid="open-library-path" />
            </Form.Item>
            {chooseFolder ? (
              <Button onClick={() => void browse()} data-testid="open-library-browse">
                浏览…
              </Button>
            ) : null}
          </Space.Compact>
        </Form.Item>
      </Form>
      {problem ? <Alert type="error" showIcon title={problem} data-testid="open-library-error" /> : null}
    </Modal>
  );
}
