// The renderer's idle lock: nobody touched mouse or keyboard for status.idleLockMinutes → auth.lock. The engine
// locks an idle session on its own too, but the app keeps calling it (OCR status every few seconds), so the screen
// would never lock without this. Checked against the clock, so a computer that slept locks as soon as it wakes.
import { useEffect } from 'react';
import { useAuth } from './auth';

const ACTIVITY = ['mousemove', 'keydown', 'click', 'wheel'] as const;

export function useIdleLock(): void {
  const active = useAuth((s) => Boolean(s.status?.user) && !s.status?.locked);
  const minutes = useAuth((s) => s.status?.idleLockMinutes ?? 0);
  const lock = useAuth((s) => s.lock);

  useEffect(() => {
    if (!active || minutes <= 0) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    const check = () => {
      if (Date.now() - last >= limit) void lock();
    };
    for (const e of ACTIVITY) window.addEventListener(e, touch, { capture: true, passive: true });
    document.addEventListener('visibilitychange', check);
    const timer = setInterval(check, Math.min(15_000, limit / 4));
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
      document.removeEventListener('visibilitychange', check);
      clearInterval(timer);
    };
  }, [active, minutes, lock]);
}
