// The Content-Security-Policy of every page the renderer runs in, Electron and `serve` alike. A test fails if it
// is loosened. antd (cssinjs) writes <style> elements at run time, hence style-src 'unsafe-inline'; scripts stay strict.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
