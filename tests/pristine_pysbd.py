"""pysbd's own sentences, from a process where nothing of claimtrack is loaded.

claimtrack replaces pieces of pysbd in its modules (``claimtrack.pysbd_fast``) once it splits a
first paragraph, so the reference it is checked against runs in a process of its own.
"""

import json
import subprocess
import sys

_SCRIPT = r"""
import json, sys
import pysbd
segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
out = []
for text in json.load(sys.stdin):
    try:
        out.append([[s.sent, s.start, s.end] for s in segmenter.segment(text)])
    except Exception as error:
        out.append(type(error).__name__)
print(json.dumps(out))
"""


def pristine(texts: list[str]) -> list[object]:
    """pysbd's own sentences, in a process where nothing of claimtrack is loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))
