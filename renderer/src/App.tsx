import { useEffect, useState } from 'react';
import type { LibraryInfo } from '../../shared/domain';
import { api } from './api/client';

export function App() {
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  useEffect(() => {
    void api('library.info', {}).then(setInfo);
  }, []);
  return <div>档卡 {info?.countyName}</div>;
}
