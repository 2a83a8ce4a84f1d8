import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthGate } from './auth/AuthGate';
import { ErrorBoundary } from './layout/ErrorBoundary';

createRoot(document.getElementById('root')!).render(
  <ConfigProvider
    locale={zhCN}
    // 保存, not 保 存: the clerks read buttons as words, and tests find them by their text.
    button={{ autoInsertSpace: false }}
    theme={{
      token: {
        fontSize: 14,
        colorPrimary: '#1f5fa8',
        fontFamily:
          "-apple-system, 'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif",
      },
    }}
  >
    <AntApp>
      <ErrorBoundary>
        <AuthGate>
          <App />
        </AuthGate>
      </ErrorBoundary>
    </AntApp>
  </ConfigProvider>,
);
