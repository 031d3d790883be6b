#!/usr/bin/env bash
# ctest's browser_dashboard: installs playwright-core from the lock file (no browser download: it
# drives Debian's /usr/bin/chromium) and runs the dashboard test.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
exec node dashboard.test.js
