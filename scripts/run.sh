#!/usr/bin/env bash
# The app's main job: set up what it needs, build, and open Dangka (Electron where it can run, else the same
# app in the browser through `dangka serve`). Extra arguments go to the app, e.g. --library DIR.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
npx electron-vite build --logLevel warn
exec node scripts/start.mjs "$@"
