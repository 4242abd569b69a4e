#!/usr/bin/env bash
# Installs what the app needs into this checkout: a virtualenv with the package (and, with
# --test, the test tools), and GOV.UK Frontend's assets from npm. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
if [[ "${1:-}" == "--test" ]]; then extras="[test]"; fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --editable ".${extras}"

# Precompiled CSS/JS served by the app under /govuk and /assets; without them pages work unstyled.
if command -v npm >/dev/null 2>&1; then
    npm install --silent --no-package-lock --no-audit --no-fund
else
    echo "npm not found: the app will run unstyled (install Node.js for GOV.UK Frontend)." >&2
fi
