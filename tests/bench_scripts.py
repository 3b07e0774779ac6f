"""Import one of ``bench/``'s scripts by name, for the tests of what they compute.

The scripts are programs, not a package: each test that needs one imports it through this
helper, which puts ``bench/`` on the path only for the import.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_script(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))
