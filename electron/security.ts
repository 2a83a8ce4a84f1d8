// The Electron window's security settings, kept in a file with no Electron import so a unit test can read them
// (tests/unit/electronSecurity.test.ts fails if any is loosened). Electron's security checklist, items 1–17.
import { CONTENT_SECURITY_POLICY } from '../shared/security';

/** The renderer is served from this privileged custom scheme, never from file:// or the network. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://dangka`;

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

export { CONTENT_SECURITY_POLICY };

/** Only our own pages may be shown in the window. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
