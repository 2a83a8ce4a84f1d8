// A contact's photo (file.dataUrl of photoSha256) in the 1-inch box of the printed card, or a clear 无照片.
import { UserOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { useEffect, useState } from 'react';
import { callApi } from '../api/client';

export const PHOTO_BOX = { width: 80, height: 112 };

export function ContactPhoto({ sha256, name, testId }: { sha256: string | null; name: string; testId?: string }) {
  const [state, setState] = useState<{ sha: string | null; url: string | null; failed: boolean }>({ sha: null, url: null, failed: false });

  useEffect(() => {
    if (!sha256) return;
    let live = true;
    void callApi('file.dataUrl', { sha256 }).then((r) => {
      if (live) setState({ sha: sha256, url: r.ok ? r.value : null, failed: !r.ok });
    });
    return () => {
      live = false;
    };
  }, [sha256]);

  const box: React.CSSProperties = { ...PHOTO_BOX, flex: 'none', border: '1px solid #d9d9d9', borderRadius: 2, background: '#f5f5f5' };
  if (sha256 && state.sha !== sha256) {
    return (
      <div style={{ ...box, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="small" />
      </div>
    );
  }
  if (sha256 && state.url) {
    return <img src={state.url} alt={`${name}的照片`} style={{ ...box, objectFit: 'cover' }} data-testid={testId} />;
  }
  return (
    <div
      style={{ ...box, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', color: '#8c8c8c', borderStyle: 'dashed' }}
      data-testid={testId}
      data-no-photo
    >
      <UserOutlined style={{ fontSize: 28, marginBottom: 6 }} />
      <span style={{ fontSize: 12 }}>{sha256 && state.failed ? '照片缺失' : '无照片'}</span>
    </div>
  );
}
