// 待核对 N 页 in the header opens the list of those pages (least confident first), each opening the page itself.
import { Drawer, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApiQuery } from '../api/useApiQuery';
import { useRoute } from '../stores/route';

const PAGE_SIZE = 50;

export function PagesToCheckDrawer({ onClose }: { onClose: () => void }) {
  const [page, setPage] = useState(1);
  const list = useApiQuery('pages.toCheck', { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const go = useRoute((s) => s.go);
  return (
    <Drawer open width={720} title={`待核对的页面（${list.data?.total ?? '…'}）`} onClose={onClose} data-testid="pages-to-check">
      <Typography.Paragraph type="secondary">识别置信度低、尚未人工校对的页面。打开后核对文字，改正保存即不再列出。</Typography.Paragraph>
      <Table
        size="small"
        rowKey="pageId"
        loading={list.loading}
        dataSource={list.data?.pages ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={() => ({ 'data-testid': 'page-to-check' }) as never}
        columns={[
          {
            title: '文件',
            render: (_, p) => (
              <Typography.Link
                onClick={() => {
                  go({ page: 'document', id: p.documentId, seq: p.seq });
                  onClose();
                }}
              >
                {p.title} · 第 {p.seq} 页
              </Typography.Link>
            ),
          },
          { title: '位置', render: (_, p) => <Typography.Text type="secondary">{p.place}</Typography.Text> },
          { title: '置信度', width: 90, align: 'right', render: (_, p) => <Tag color="orange">{Math.round(p.confidence)}%</Tag> },
        ]}
      />
    </Drawer>
  );
}
