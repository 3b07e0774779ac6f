"""PolNeAR's train or dev split as gold quotes for ``claimtrack eval``.

    python bench/gold_polnear.py PATH/TO/PolNeAR/data --split dev --out /tmp/gold-polnear-dev.jsonl

PolNeAR (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR) annotates
attributions — a source, a cue and the content attributed — in 1,008 news articles about the
2016 US election, in brat standoff (``data/<split>/attributions/*.ann``, offsets into
``data/<split>/text/*.txt``). Its test split is part of what claimtrack is judged on: this
converter refuses to read it, and nothing of it was looked at.

What becomes gold, one line per article, ``kinds: ["quote"]``, ``published`` from the file
name:

- **Direct quotes.** Every stretch of the text between quotation marks (“…”, "…" within a
  paragraph, ‘…’ where the marks cannot be apostrophes; an unclosed mark runs to the end of its
  paragraph, as multi-paragraph quotes are written) that lies at least half inside the content
  of an attribution is a gold quote: its ``quote`` span is the words inside the marks. Quoted
  stretches of three words or fewer are optional (PolNeAR marks the attribution, not whether a
  two-word fragment is a quote worth a claim). Quoted text outside every attribution (titles,
  scare quotes) is not gold: a quote found there counts against precision.
- **Speakers.** The names in the attribution's source: the source cut at its commas, without
  parentheses, each part whose last word is capitalised and that holds no lower-case function
  word ("Trump", "Sen. Marco Rubio", "campaign manager Robby Mook", "Josh Bivens" from "Josh
  Bivens, research director of the Economic Policy Institute"). PolNeAR does not resolve
  pronouns ("he said") or descriptions ("a spokesman for the campaign"), so those quotes have no
  gold speaker and their speaker is not scored.
- **Indirect attributions** (content with no quoted stretch: "Trump said that he would...")
  are optional quote claims on their content: an extractor that reports indirect speech is not
  punished for it, nor rewarded.

An article annotated by several annotators is read from the first annotator's file (sorted by
annotator id). The texts carry no licence: they are read from your copy and written only to the
path you give; nothing of PolNeAR is committed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold_timeml import unique_texts

SPLITS = ("train", "dev")
_ANNOTATOR = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")
_MIN_WORDS = 4  # a quoted stretch of fewer words is optional


@dataclass
class Attribution:
    content: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat standoff file (its Content, Content2 and Source spans)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, *offsets = parts[1].split(" ", 1)
            spans[parts[0]] = [
                (int(a), int(b))
                for a, b in (piece.split() for piece in " ".join(offsets).split(";"))
            ]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(role.split(":", 1) for role in parts[1].split()))
    found = []
    for event in events:
        attribution = Attribution()
        for role, target in event.items():
            if role.startswith("Content"):
                attribution.content.extend(spans.get(target, []))
            elif role == "Source":
                attribution.source.extend(spans.get(target, []))
        if attribution.content:
            found.append(attribution)
    return found


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the words inside each pair of quotation marks, paragraph by
    paragraph; an unclosed mark runs to the end of its paragraph."""
    stretches: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start, body = paragraph.start(), paragraph.group(0)
        position = 0
        opener = re.compile(r"[“\"]|(?<![\w’'])‘")
        while True:
            match = opener.search(body, position)
            if match is None:
                break
            mark = match.group(0)
            closing = {"“": "”", '"': '"', "‘": "’"}[mark]
            if mark == "‘":
                close = re.compile(r"’(?![A-Za-z])").search(body, match.end())
                end = close.start() if close else len(body)
            else:
                found = body.find(closing, match.end())
                end = found if found != -1 else len(body)
            inner = body[match.end() : end]
            left = len(inner) - len(inner.lstrip())
            right = len(inner.rstrip())
            if right > left:
                stretches.append((start + match.end() + left, start + match.end() + right))
            position = end + 1
    return stretches


def _inside(stretch: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(stretch[1], e) - max(stretch[0], s)) for s, e in spans)


_FUNCTION_WORDS = frozenset(
    "a an the of for at and or in on with to from by who which that his her their its".split()
)
_PRONOUNS = frozenset("I We He She They It You".split())


def _is_name(part: str) -> bool:
    """A name, perhaps with a title before it ("Sen. Marco Rubio", "spokesman Stuart Roy"): its
    last word capitalised, not a pronoun, and no lower-case function word in it."""
    words = re.findall(r"[\w’'.\-]+", part)
    if not words:
        return False
    last = re.sub(r"[’']s$", "", words[-1])
    return (
        last[:1].isupper()
        and last not in _PRONOUNS
        and not any(w in _FUNCTION_WORDS for w in words)
    )


def speaker_names(text: str, attribution: Attribution) -> list[str] | None:
    """The names in the source that count as its speaker: the source cut at commas, with
    parentheses dropped ("Josh Bivens, research director of the Economic Policy Institute" ->
    "Josh Bivens"; "his wife, Gabriela Lazar" -> "Gabriela Lazar"; "Sen. Chris Murphy
    (D-Conn.)" -> "Sen. Chris Murphy"), each part that is a name. ``None`` when no part is one
    (a pronoun, a description): PolNeAR does not resolve those."""
    if not attribution.source:
        return None
    source = " ".join(text[s:e] for s, e in sorted(attribution.source)).strip()
    plain = re.sub(r"\([^)]*\)?", " ", source)
    names = [" ".join(part.split()) for part in plain.split(",")]
    names = [name.strip(" .;:") for name in names if _is_name(name)]
    return names or None


def gold_claims(text: str, attributions: list[Attribution]) -> list[dict[str, Any]]:
    stretches = quoted_stretches(text)
    claims: dict[tuple[int, int], dict[str, Any]] = {}
    for attribution in attributions:
        mine = [s for s in stretches if 2 * _inside(s, attribution.content) >= s[1] - s[0] > 0]
        names = speaker_names(text, attribution)
        for start, end in mine:
            claim: dict[str, Any] = {"kind": "quote", "spans": {"quote": [start, end]}}
            if names:
                claim["speaker"] = names
            if len(text[start:end].split()) < _MIN_WORDS:
                claim["optional"] = True
                claim["note"] = "a quoted fragment of three words or fewer"
            claims.setdefault((start, end), claim)
        if not mine:
            hull = (min(s for s, _ in attribution.content), max(e for _, e in attribution.content))
            claims.setdefault(
                hull,
                {
                    "kind": "quote",
                    "spans": {"quote": list(hull)},
                    "optional": True,
                    "note": "indirect attribution",
                    **({"speaker": names} if names else {}),
                },
            )
    return [claims[key] for key in sorted(claims)]


def annotation_files(folder: Path) -> dict[str, Path]:
    """One annotation file per article: the first annotator's, by annotator id."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.ann")):
        match = _ANNOTATOR.match(path.name)
        if match:
            chosen.setdefault(match.group("article"), path)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="PolNeAR's data folder (holding train/, dev/)")
    parser.add_argument("--split", choices=SPLITS, required=True, help="never test")
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    args = parser.parse_args()
    folder = args.data / args.split
    if args.split not in SPLITS or folder.resolve().name == "test":
        sys.exit("PolNeAR's test split is held out: this converter does not read it")
    files = annotation_files(folder / "attributions")
    if not files:
        sys.exit(f"no .ann files in {folder / 'attributions'}")
    lines = []
    for article, ann in sorted(files.items()):
        text = (folder / "text" / f"{article}.txt").read_text(encoding="utf-8")
        line: dict[str, Any] = {"id": article, "text": text}
        date = _DATE.search(article)
        if date:
            line["published"] = date.group(1)
        line["kinds"] = ["quote"]
        line["claims"] = gold_claims(text, read_ann(ann))
        lines.append(line)
    counts: dict[str, int] = defaultdict(int)
    with args.out.open("w", encoding="utf-8") as out:
        for line in unique_texts(lines):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            counts["documents"] += 1
            for claim in line["claims"]:
                kind = "optional" if claim.get("optional") else "gold"
                counts[kind] += 1
                counts[f"{kind} with a speaker"] += "speaker" in claim
    print(f"{args.out}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


if __name__ == "__main__":
    main()
