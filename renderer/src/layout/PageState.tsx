// What a page shows before its data is there: a spinner, or the engine's Chinese message with 重试.
import { Alert, Button, Spin } from 'antd';
import type { Query } from '../api/useApiQuery';

export function PageState({ query }: { query: Query<unknown> }) {
  if (query.error) {
    return (
      <Alert
        type="error"
        showIcon
        title="无法显示这一页"
        description={query.error.message}
        action={
          <Button size="small" onClick={query.reload}>
            重试
          </Button>
        }
        data-testid="page-error"
      />
    );
  }
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description="正在加载…">
        <div style={{ height: 40 }} />
      </Spin>
    </div>
  );
}
