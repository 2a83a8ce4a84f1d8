// The frame of the screens before the app: the name on top, one card in the middle of a quiet background.
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

export function AuthScreen({ title, subtitle, children, testId }: { title: string; subtitle?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <div
      style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #1f3a5f 0, #1f3a5f 220px, #f5f6f8 220px)', display: 'flex', flexDirection: 'column', alignItems: 'center', paddingTop: 64 }}
      data-testid={testId}
    >
      <div style={{ color: '#fff', fontSize: 28, fontWeight: 600, letterSpacing: 4, marginBottom: 4 }}>档卡</div>
      <div style={{ color: '#dbe4f0', fontSize: 14, marginBottom: 24 }}>脱贫攻坚档案管理</div>
      <Card style={{ width: 420, boxShadow: '0 4px 16px rgba(15, 35, 60, 0.12)' }} styles={{ body: { padding: '28px 32px 12px' } }}>
        <Typography.Title level={4} style={{ marginTop: 0, marginBottom: subtitle ? 4 : 20 }}>
          {title}
        </Typography.Title>
        {subtitle ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
            {subtitle}
          </Typography.Paragraph>
        ) : null}
        {children}
      </Card>
    </div>
  );
}
