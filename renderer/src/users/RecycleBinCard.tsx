// 回收站 (administrators): documents clerks withdrew (删除), with where they were filed, who withdrew them, when and
// why. 恢复 puts one back where it was; 彻底删除 asks for a confirmation and then removes it and the stored files
// no other document uses.
import { DeleteOutlined, RestOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { BinEntry } from '../../../shared/corrections';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useLibrary } from '../stores/library';
import { useRoute } from '../stores/route';

export function RecycleBinCard() {
  const bin = useApiQuery('recycleBin.list', {});
  const { message } = App.useApp();
  const showError = useShowError();
  const go = useRoute((s) => s.go);
  const act = async (work: () => Promise<string>) => {
    try {
      void message.success(await work());
      bin.reload();
      void useLibrary.getState().changed();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card
      size="small"
      title={
        <span>
          <RestOutlined style={{ marginRight: 8, color: '#1f5fa8' }} />
          回收站
        </span>
      }
      extra={<Typography.Text type="secondary">删除的文件先进回收站；恢复后回到原来的位置</Typography.Text>}
      data-testid="recycle-bin"
    >
      <Table<BinEntry>
        size="small"
        rowKey="documentId"
        loading={bin.loading}
        dataSource={bin.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="回收站是空的" /> }}
        columns={[
          { title: '题名', dataIndex: 'title', render: (t: string, e) => <a onClick={() => go({ page: 'document', id: e.documentId })}>{t}</a> },
          { title: '页数', dataIndex: 'pages', width: 60, align: 'right' },
          { title: '原位置', dataIndex: 'formerPlace' },
          { title: '删除理由', dataIndex: 'reason', width: 160 },
          { title: '删除人', dataIndex: 'withdrawnBy', width: 150 },
          { title: '删除时间', dataIndex: 'withdrawnAt', width: 150, render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm') },
          {
            title: '',
            key: 'actions',
            width: 170,
            render: (_, e) => (
              <span style={{ display: 'flex', gap: 4 }}>
                <Button
                  size="small"
                  icon={<UndoOutlined />}
                  data-testid="bin-restore"
                  onClick={() => void act(async () => (await api('recycleBin.restore', { documentId: e.documentId }), `“${e.title}”已恢复到 ${e.formerPlace}`))}
                >
                  恢复
                </Button>
                <Popconfirm
                  title="彻底删除？"
                  description={`“${e.title}”（${e.pages} 页）将从档案库中删除，不能恢复。其他文件共用的扫描件会保留。`}
                  okText="彻底删除"
                  okButtonProps={{ danger: true, 'data-testid': 'bin-purge-ok' } as never}
                  cancelText="取消"
                  onConfirm={() =>
                    void act(async () => {
                      const { filesRemoved } = await api('recycleBin.purge', { documentId: e.documentId, confirmed: true });
                      return `“${e.title}”已彻底删除（删除存储文件 ${filesRemoved} 个）`;
                    })
                  }
                >
                  <Button size="small" danger icon={<DeleteOutlined />} data-testid="bin-purge">
                    彻底删除
                  </Button>
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}
