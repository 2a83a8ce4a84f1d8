// A folder the clerk types or picks: 浏览 opens the system's dialog in the app (window.dangka.chooseFolder) and, in
// the browser (`dangka serve`), a folder browser the engine serves (folders.list: home, U盘, the library's parent).
import { FolderOpenOutlined, FolderOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, Button, Input, List, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { FolderListing } from '../../../shared/methods/folders';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';

export function FolderField({ value, onChange, placeholder, testId, disabled }: { value: string; onChange: (v: string) => void; placeholder: string; testId: string; disabled?: boolean }) {
  const chooseFolder = window.dangka?.chooseFolder;
  const [browsing, setBrowsing] = useState(false);
  const browse = () => {
    if (chooseFolder) void chooseFolder().then((chosen) => chosen && onChange(chosen));
    else setBrowsing(true);
  };
  return (
    <>
      <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
        <Input value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} allowClear data-testid={testId} disabled={disabled} />
        <Button icon={<FolderOpenOutlined />} disabled={disabled} onClick={browse} data-testid={`${testId}-browse`}>
          浏览
        </Button>
      </Space.Compact>
      {browsing ? (
        <FolderBrowser
          start={value.trim() || null}
          onClose={() => setBrowsing(false)}
          onChosen={(path) => {
            onChange(path);
            setBrowsing(false);
          }}
        />
      ) : null}
    </>
  );
}

function FolderBrowser({ start, onClose, onChosen }: { start: string | null; onClose: () => void; onChosen: (path: string) => void }) {
  const [path, setPath] = useState<string | null>(start);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api('folders.list', { path }).then(
      (l) => {
        if (!current) return;
        setListing(l);
        setProblem(null);
      },
      (err: unknown) => {
        if (!current) return;
        setProblem(errorMessage(err));
        // A typed folder that cannot be browsed: start from the allowed places instead.
        if (path !== null) setPath(null);
      },
    );
    return () => {
      current = false;
    };
  }, [path]);

  return (
    <Modal
      open
      title="选择文件夹"
      width={640}
      okText="选择这个文件夹"
      cancelText="取消"
      onCancel={onClose}
      okButtonProps={{ disabled: !listing?.path, 'data-testid': 'folder-browser-choose' } as never}
      onOk={() => listing?.path && onChosen(listing.path)}
    >
      <div data-testid="folder-browser">
        {problem ? <Alert type="warning" showIcon title={problem} style={{ marginBottom: 8 }} /> : null}
        <Space style={{ marginBottom: 8 }}>
          <Button icon={<UpOutlined />} disabled={listing?.path === null || !listing} onClick={() => setPath(listing?.parent ?? null)} data-testid="folder-browser-up">
            上一级
          </Button>
          <Typography.Text strong data-testid="folder-browser-path">
            {listing?.path ?? '常用位置'}
          </Typography.Text>
        </Space>
        <List
          size="small"
          bordered
          style={{ maxHeight: 360, overflow: 'auto' }}
          dataSource={listing?.folders ?? []}
          locale={{ emptyText: '没有子文件夹' }}
          renderItem={(f) => (
            <List.Item style={{ cursor: 'pointer' }} onClick={() => setPath(f.path)} data-testid="folder-browser-entry">
              <Space>
                <FolderOutlined />
                {f.name}
                {listing?.path === null ? <Typography.Text type="secondary">{f.path}</Typography.Text> : null}
              </Space>
            </List.Item>
          )}
        />
        {listing?.truncated ? <Typography.Text type="secondary">文件夹太多，只列出前 500 个；可直接输入路径。</Typography.Text> : null}
      </div>
    </Modal>
  );
}
