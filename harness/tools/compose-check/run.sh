#!/usr/bin/env bash
# CI: `bash harness/tools/compose-check/run.sh [--file FILE] [-v]`: docker-compose.yml as written, without Docker (README.md)
set -euo pipefail; here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P); bash "$here/../localstack/install.sh" >&2; exec "$here/../localstack/.venv/bin/python" "$here/compose_check.py" "$@"
