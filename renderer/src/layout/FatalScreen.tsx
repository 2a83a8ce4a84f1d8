// The library cannot be opened (library.info failed): say why in the engine's Chinese words and what to do.
import { Button, Card, Result, Typography } from 'antd';
import type { ApiError, ErrorCode } from '../../../shared/errors';
import { useLibrary } from '../stores/library';

const WHAT_TO_DO: Partial<Record<ErrorCode, string[]>> = {
  LIBRARY_MISSING: [
    '如果档案库在U盘或移动硬盘上，请把它插好，然后点「重试」。',
    '确认档案库文件夹没有被移动、改名或删除。',
    '档案库已搬到别处时，请用新位置重新打开档卡（命令行：dangka serve --library 新位置）。',
  ],
  LIBRARY_CORRUPT: [
    '请先不要在这个档案库里做任何修改。',
    '把整个档案库文件夹复制一份留底，然后从最近一次的备份恢复。',
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

/** onRetry/retrying: for a failure before the library store is in play (auth.status at start); library.info by default. */
export function FatalScreen({ error, onRetry, retrying }: { error: ApiError; onRetry?: () => void; retrying?: boolean }) {
  const load = useLibrary((s) => s.load);
  const loading = useLibrary((s) => s.loading);
  const steps = WHAT_TO_DO[error.code] ?? DEFAULT_STEPS;
  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Card style={{ width: 640 }} data-testid="fatal-screen">
        <Result
          status="error"
          title="无法打开档案库"
          subTitle={<span data-testid="fatal-message">{error.message}</span>}
          extra={
            <Button type="primary" loading={retrying ?? loading} onClick={() => (onRetry ? onRetry() : void load())}>
              重试
            </Button>
          }
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            怎么办
          </Typography.Title>
          <ol style={{ paddingLeft: 20, margin: 0, lineHeight: 1.9 }}>
            {steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            错误代码：{error.code}
          </Typography.Paragraph>
        </Result>
      </Card>
    </div>
  );
}
