// Electron's security checklist, read from the settings the shell uses. Loosening any of them fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl, SECURE_WEB_PREFERENCES } from '../../electron/security';

const mainSource = readFileSync(join(import.meta.dirname, '..', '..', 'electron', 'main.ts'), 'utf8');

describe('Electron security', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict CSP: own scripts only, no eval, no plugins, no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
    expect(directives['connect-src']).toEqual(["'self'"]);
  });

  it('allows only its own origin in the window', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('app://dangka.evil/')).toBe(false);
  });

  it('the shell applies them: secure preferences, blocked navigation and windows, denied permissions, checked IPC sender', () => {
    expect(mainSource).toMatch(/webPreferences:\s*\{\s*\.\.\.SECURE_WEB_PREFERENCES,\s*preload/);
    expect(mainSource).toMatch(/will-navigate[\s\S]*?isAppUrl\(url\)[\s\S]*?preventDefault/);
    expect(mainSource).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(mainSource).toMatch(/setPermissionRequestHandler\([^)]*\) => callback\(false\)\)/);
    expect(mainSource).toMatch(/isAppUrl\(event\.senderFrame\.url\)/);
    expect(mainSource).toMatch(/requestSingleInstanceLock/);
  });

  it('the app signs clerks in: the engine behind the window runs with sessions, like dangka serve', () => {
    expect(mainSource).toMatch(/createEngine\(lib, \{ auth: 'sessions' \}\)/);
    expect(readFileSync(join(import.meta.dirname, '..', '..', 'engine', 'cli', 'commands', 'serve.ts'), 'utf8')).toMatch(/openEngine\(opts, \{\}, \{ auth: 'sessions' \}\)/);
  });
});
