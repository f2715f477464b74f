#!/usr/bin/env bash
# Installs LocalStack (pinned with hashes by requirements.txt) into harness/tools/localstack/.venv, for running it without
# Docker: the tests' broker where its virtualenv is present, and `./run-local.sh --broker localstack`.
# Needs Python 3.11 or newer. Does nothing when the virtualenv already holds exactly these requirements.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
VENV=$HERE/.venv
STAMP=$VENV/installed-requirements.txt

python=""
for candidate in "${LOCALSTACK_PYTHON:-}" python3.13 python3.12 python3.11 python3; do
  [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
  if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { echo "LocalStack needs Python 3.11 or newer (with venv); none found on the PATH" >&2; exit 1; }

if [ -f "$STAMP" ] && cmp -s "$STAMP" "$HERE/requirements.txt" && [ -x "$VENV/bin/python" ]; then
  exit 0
fi
rm -rf "$VENV"
"$python" -m venv "$VENV"
# --no-deps with --require-hashes: exactly the pinned set, nothing resolved anew
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
  -r "$HERE/requirements.txt"
cp "$HERE/requirements.txt" "$STAMP"
"$VENV/bin/python" -c 'import importlib.metadata as m; print("LocalStack", m.version("localstack-core"), "installed in harness/tools/localstack/.venv")'
