#!/usr/bin/env bash
# The app's main job: set up what it needs, build, and open Dangka (Electron where it can run, else the same
# app in the browser through `dangka serve`). Extra arguments go to the app, e.g. --library DIR.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# PDF scans are turned into page images by poppler's pdftoppm (sharp cannot read PDF).
if ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null || echo "提示：未能安装 poppler-utils，导入PDF扫描件时会提示缺少转换工具" >&2
  else
    echo "提示：导入PDF扫描件需要 poppler-utils，请用管理员安装：sudo apt-get install -y poppler-utils" >&2
  fi
fi
npx electron-vite build --logLevel warn
exec node scripts/start.mjs "$@"
