#!/usr/bin/env bash
# A separate environment for the grounding benchmark: claimtrack and langextract 1.7.1 side by
# side. langextract is only ever installed here, never as a claimtrack dependency.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install -q -e "$here/../.." "langextract==1.7.1"
echo "ready: $here/.venv/bin/python $here/run.py"
