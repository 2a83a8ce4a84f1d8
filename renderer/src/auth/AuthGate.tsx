// Before the app: asks the engine who is signed in (auth.status). A library without accounts gets the first-run
// setup, nobody signed in the sign-in screen, a signed-in user the app — with the lock overlay on top while locked
// (the app stays mounted underneath, so nothing is lost). auth.status failing means the library cannot be opened:
// the fatal screen says why, as library.info's failure does once signed in.
import { Spin } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { FatalScreen } from '../layout/FatalScreen';
import { useAuth } from './auth';
import { LockOverlay } from './LockOverlay';
import { LoginScreen } from './LoginScreen';
import { SetupScreen } from './SetupScreen';
import { useIdleLock } from './useIdleLock';

export function AuthGate({ children }: { children: ReactNode }) {
  const status = useAuth((s) => s.status);
  const fatal = useAuth((s) => s.fatal);
  const load = useAuth((s) => s.load);
  useIdleLock();

  useEffect(() => {
    void load();
  }, [load]);

  if (fatal) return <FatalScreen error={fatal} />;
  if (!status) return <Spin size="large" description="正在打开档案库…" fullscreen />;
  if (status.needsSetup && !status.user) return <SetupScreen />;
  if (!status.user) return <LoginScreen />;
  return (
    <>
      {children}
      {status.locked ? <LockOverlay /> : null}
    </>
  );
}
