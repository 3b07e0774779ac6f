"""The offline extractor gives byte-identical claims in every process, whatever the hash seed.

Python randomises string hashing per process (PYTHONHASHSEED), so any choice that follows the
iteration order of a set of strings can change between two runs on the same document. The texts
here are built to hit such choices: several people share a surname or a word ("Lee", "Biden",
"Americans"), so the fullest name a short mention stands for is a tie between equally long names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.offline.names import Canonical, find_names
from claimtrack.records import Document

HARD = [
    "Lee Jae-myung, Lee Jun-seok, Lee Nak-yon, Lee Hae-chan, Lee Sang-min and Lee Jong-sup met "
    "in Seoul on March 3, 2023. Kim Gun-hee, Kim Jong-in, Kim Ki-hyeon, Kim Boo-kyum and Kim "
    "Dong-yeon joined them later.\n\n"
    'Lee signed an agreement with Kim on March 4. "We have a deal," Lee said. He added that the '
    "pact would take effect in May. She said the two sides agreed to meet again. Kim and Lee "
    "agreed to cut tariffs by 10 percent.",
    "President Joe Biden, Hunter Biden, Jill Biden, Ashley Biden and Valerie Biden arrived in "
    'Dublin on Tuesday. Biden said the trip was personal. "It is good to be home," Biden told '
    "reporters. Biden and Irish Prime Minister Leo Varadkar signed a trade agreement on April 12. "
    "He said the United States and Ireland agreed to expand trade by 10 percent.",
    "Asian Americans, Black Americans, Native Americans, LGBTQ Americans and Latino Americans "
    "were all mentioned in the speech. Americans agreed to a new compact with the government in "
    "2021, the president said. The White House and Americans signed a pledge last year. "
    '"We are one people," he said.',
    "North Korean leader Kim Jong Un met his sister Kim Yo Jong in Pyongyang on Tuesday. Kim said "
    'the two had discussed missile tests. "We will not back down," Kim told state media. Kim Yo '
    "Jong later warned that Seoul would pay. She said the drills were “a rehearsal for "
    "invasion.” He added that talks with Washington were over. Kim and Putin signed a pact on "
    "September 13.",
]

# Runs in a fresh interpreter: documents as JSON on stdin, their claims as JSON on stdout.
_CHILD = """
import json, sys
from datetime import date
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import Document

extractor = OfflineExtractor()
out = []
for text, published in json.load(sys.stdin):
    document = Document(text, "x", published=date.fromisoformat(published) if published else None)
    out.append([c.model_dump(mode="json") for c in extractor.extract(document)])
sys.stdout.write(json.dumps(out, ensure_ascii=False))
"""

HASH_SEEDS = ("0", "1", "2", "3", "4", "5")


def _documents(seed_text: str) -> list[tuple[str, str | None]]:
    return [(seed_text, None), (seed_text, "2023-03-28")] + [(t, "2023-03-28") for t in HARD]


def _claims_json(documents: list[tuple[str, str | None]]) -> str:
    """What a child process prints, computed in this process."""
    extractor = OfflineExtractor()
    out = []
    for text, published in documents:
        document = Document(
            text, "x", published=date.fromisoformat(published) if published else None
        )
        out.append([c.model_dump(mode="json") for c in extractor.extract(document)])
    return json.dumps(out, ensure_ascii=False)


def test_same_claims_under_every_hash_seed(seed_text: str) -> None:
    documents = _documents(seed_text)
    payload = json.dumps(documents)
    children = []
    for hash_seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )
        children.append(child)
    outputs: dict[str, str] = {}
    for hash_seed, child in zip(HASH_SEEDS, children, strict=True):
        stdout, stderr = child.communicate(payload, timeout=120)
        assert child.returncode == 0, stderr
        outputs[hash_seed] = stdout
    # This process has a hash seed of its own and has already run other tests: the same bytes.
    expected = _claims_json(documents)
    assert json.loads(expected)[0], "the seed document gives claims"
    for hash_seed, output in outputs.items():
        assert output == expected, f"PYTHONHASHSEED={hash_seed} gave different claims"


def test_a_short_name_stands_for_the_first_mentioned_of_equally_full_names() -> None:
    text = "Kim Yo Jong met Kim Jong Un and Kim Il Sung. Later, Kim spoke."
    canonical = Canonical(find_names(text))
    assert canonical("Kim") == "Kim Yo Jong"
    assert canonical("Jong") == "Kim Yo Jong"
    assert canonical("Kim Jong Un") == "Kim Jong Un"


def test_agreement_parties_do_not_depend_on_the_order_of_a_set() -> None:
    claims = OfflineExtractor().extract(Document(HARD[0], "x", published=date(2023, 3, 28)))
    parties = [c.parties for c in claims if c.kind == "agreement"]
    assert ["Lee Jae-myung", "Kim Gun-hee"] in parties
