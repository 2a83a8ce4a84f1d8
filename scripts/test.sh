#!/usr/bin/env bash
# The tests: type check, unit and integration tests (vitest), end-to-end tests (Playwright driving Debian's
# Chromium against `dangka serve`). Sets up what it needs first. Ends with one line "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# System packages the tests use: Chromium and CJK fonts (e2e, screenshots), poppler (PDF import and checks),
# qpdf (makes an encrypted PDF for the import test).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[dangka] 安装系统软件包：${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "测试需要这些系统软件包，请用管理员安装：sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

results="$ROOT/.test-results"
rm -rf "$results"
mkdir -p "$results"
status=0

echo "== 类型检查 (tsc)"
if npx tsc -b; then echo ok > "$results/typecheck"; else echo failed > "$results/typecheck"; status=1; fi

echo "== 构建 (electron-vite build)"
npx electron-vite build --logLevel warn || status=1

echo "== 单元与集成测试 (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1

echo "== 端到端测试 (Playwright + Chromium + dangka serve)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json || status=1

node scripts/test-summary.mjs "$results" || status=1
exit $status
