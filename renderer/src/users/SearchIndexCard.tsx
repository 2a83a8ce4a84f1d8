// 检索索引 (administrators): rebuild the full-text search index from the pages' text, as a job with progress, the
// time left and 取消 — after an upgrade, or when search results look wrong. Searching keeps working meanwhile.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Typography } from 'antd';
import { api } from '../api/client';
import { useJob } from '../api/useJob';
import { PackJobView } from '../pack/PackJobView';

export function SearchIndexCard() {
  const rebuild = useJob<{ pages: number }>();
  return (
    <Card title="检索索引" data-testid="search-index-card">
      <Typography.Paragraph type="secondary">
        全文检索靠索引快速找到字词。升级程序后，或检索结果明显不对时，可重建索引：按全部页面的识别文字和校对结果重新编制。
        重建期间可照常检索，尚未编入的页面会暂时找不到。也可在命令行运行 <Typography.Text code>dangka search --rebuild</Typography.Text>。
      </Typography.Paragraph>
      <Button
        icon={<ReloadOutlined />}
        disabled={rebuild.running}
        loading={rebuild.starting}
        onClick={() => void rebuild.start(() => api('search.rebuildStart', {}))}
        data-testid="search-index-rebuild"
      >
        重建检索索引
      </Button>
      <PackJobView
        packJob={rebuild}
        testId="search-index"
        bytesVerb="已编入"
        note="取消后已编入的页面照常可查，其余页面在之后检索时陆续补上。"
        failedTitle="索引没有重建成"
        cancelledTitle="已取消重建，其余页面在之后检索时陆续补上"
      >
        {(result) => (
          <Alert type="success" showIcon style={{ marginTop: 16 }} data-testid="search-index-result" title={`检索索引已重建：共 ${result.pages} 页`} />
        )}
      </PackJobView>
    </Card>
  );
}
