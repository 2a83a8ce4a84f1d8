// Opens the library (library.info): the catalog when it opens, the fatal screen when it cannot.
import { Spin } from 'antd';
import { useEffect } from 'react';
import { AppLayout } from './layout/AppLayout';
import { FatalScreen } from './layout/FatalScreen';
import { useLibrary } from './stores/library';

export function App() {
  const info = useLibrary((s) => s.info);
  const fatal = useLibrary((s) => s.fatal);
  const load = useLibrary((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  if (fatal) return <FatalScreen error={fatal} />;
  if (!info) return <Spin size="large" description="正在打开档案库…" fullscreen />;
  return <AppLayout />;
}
