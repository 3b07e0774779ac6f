"""The NewsReader MEANTIME corpus (English) as gold dates for ``claimtrack eval``.

    python bench/gold_meantime.py PATH/TO/meantime_newsreader_english_oct15 --out GOLD.jsonl

MEANTIME (Minard et al., LREC 2016; CC BY 4.0) is 120 English Wikinews articles of 2004-2013
(four topics: Airbus and Boeing, Apple, General Motors, stock markets), annotated by hand after
TimeML for time expressions (TIMEX3) among other things. It is news the offline extractor was
never tuned on. Its files are CAT XML (``intra-doc_annotation/corpus_*/*.xml``): tokens, not
running text, and TIMEX3 markables that point at token ids.

Only the beginning of each article is annotated: the title, the dateline and the first four
sentences (the CAT sentences 0-5; one file goes on to sentence 6). The gold text is that part
alone, cut after the last sentence with any markable or sentence 5, whichever is later, so that
dates found further on are not counted as wrong.

The text is rebuilt from the tokens: the title, a blank line, the dateline, a blank line, then
the article's sentences joined by single spaces. The tokens are Penn-Treebank-like, so spaces are
put back as a reader would write them: none before ``, . ; : ? ! % ) ] 's n't …``, none after
``( [ $ US$ £ #``, the quote tokens (``` `` ```, ``''``, ``"``) become straight quotes that close
on their side. The document creation time is the value of the TIMEX3 marked
``functionInDocument="CREATION_TIME"`` (the dateline); one file writes it day first
(``03-02-2009``), read as such; a file with no such TIMEX3 takes the one most TIMEX3s anchor to.

Each TIMEX3 then goes through ``gold_timeml.gold_line``, so the gold follows exactly the
conventions of the TimeML gold files (DATE and TIME required, DURATION, SET and the general
references optional, claimtrack's notation for weeks, decades and unknown trailing parts); the
dateline is a date expression of the text like any other and is kept, unless ``--dateline-optional``
makes it optional (it is the easiest date of each article: 120 of the 394 gold dates).

The texts are not committed: they are read from your copy and written only to the path you give.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_timeml import gold_line, unique_texts, write_gold  # noqa: E402
from timeml import TimemlDocument, Timex  # noqa: E402

ANNOTATED_SENTENCES = 6  # title, dateline and four sentences: MEANTIME annotates no further
QUOTES = {"``": '"', "''": '"', '"': '"', "“": '"', "”": '"'}
NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "...", "'", "’", "n't"}
)
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "US$", "CA$", "AU$", "£", "€", "#", "`", "‘"})
CLITIC = re.compile(r"^'(?:s|re|ve|ll|d|m)$", re.IGNORECASE)


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """One sentence's tokens as text, with each token's (start, end) in it."""
    out = ""
    spans: list[tuple[int, int]] = []
    glue_next = False
    open_quote = False
    for token in tokens:
        text = QUOTES.get(token, token)
        if token in QUOTES:
            closing = token == "''" or token == "”" or (token == '"' and open_quote)
            if token in ("``", "“"):
                closing = False
            open_quote = not closing
            space = bool(out) and not glue_next and not closing
            glue = not closing
        else:
            space = (
                bool(out)
                and not glue_next
                and token not in NO_SPACE_BEFORE
                and not CLITIC.match(token)
            )
            glue = token in NO_SPACE_AFTER
        if space:
            out += " "
        spans.append((len(out), len(out) + len(text)))
        out += text
        glue_next = glue
    return out, spans


def _creation_date(timexes: list[ET.Element]) -> date | None:
    created = [t for t in timexes if t.get("functionInDocument") == "CREATION_TIME"]
    if created:
        value = created[0].get("value", "")
    else:
        anchors = Counter(t.get("anchorTimeID") for t in timexes if t.get("anchorTimeID"))
        if not anchors:
            return None
        anchor = anchors.most_common(1)[0][0]
        value = next((t.get("value", "") for t in timexes if t.get("m_id") == anchor), "")
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return date.fromisoformat(value)
    day_first = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value)
    if day_first:
        return date(int(day_first.group(3)), int(day_first.group(2)), int(day_first.group(1)))
    return None


def read_cat(path: Path) -> TimemlDocument:
    """One MEANTIME CAT file as a TimeML document (text rebuilt from its tokens)."""
    root = ET.parse(path).getroot()
    sentences: dict[int, list[tuple[str, str]]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(
            (token.get("t_id", ""), token.text or "")
        )
    sentence_of = {t_id: index for index, words in sentences.items() for t_id, _ in words}
    markables = root.find("Markables")
    anchored_ids = [] if markables is None else list(markables.iter("token_anchor"))
    last = max([ANNOTATED_SENTENCES - 1] + [sentence_of[a.get("t_id", "")] for a in anchored_ids])
    text = ""
    where: dict[str, tuple[int, int]] = {}
    for number, index in enumerate(i for i in sorted(sentences) if i <= last):
        ids = [t_id for t_id, _ in sentences[index]]
        sentence, spans = detokenize([word for _, word in sentences[index]])
        if number:
            text += "\n\n" if number <= 2 else " "
        for t_id, (start, end) in zip(ids, spans, strict=True):
            where[t_id] = (len(text) + start, len(text) + end)
        text += sentence
    elements = list(root.iter("TIMEX3"))
    timexes = []
    for element in elements:
        anchored = [where[a.get("t_id", "")] for a in element.iter("token_anchor")]
        if not anchored:
            continue
        start, end = min(s for s, _ in anchored), max(e for _, e in anchored)
        timexes.append(
            Timex(
                start,
                end,
                text[start:end],
                element.get("type", ""),
                element.get("value", ""),
            )
        )
    timexes.sort(key=lambda t: (t.start, t.end))
    return TimemlDocument(path.stem, text, _creation_date(elements), timexes)


def dateline_spans(document: TimemlDocument) -> set[tuple[int, int]]:
    """The spans of the time expressions in the dateline (the text's second block)."""
    blocks = document.text.split("\n\n", 2)
    if len(blocks) < 3:
        return set()
    begin = len(blocks[0]) + 2
    end = begin + len(blocks[1])
    return {(t.start, t.end) for t in document.timexes if begin <= t.start < end}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="meantime_newsreader_english_oct15 (or a part)")
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    parser.add_argument(
        "--dateline-optional",
        action="store_true",
        help="make the dateline's TIMEX3 (the creation time) optional, not gold",
    )
    args = parser.parse_args()
    paths = sorted(args.folder.glob("**/intra-doc_annotation/corpus_*/*.xml")) or sorted(
        args.folder.glob("**/*.xml")
    )
    documents = [read_cat(p) for p in paths]
    if not documents:
        sys.exit(f"no MEANTIME .xml files in {args.folder}")
    lines = [gold_line(d) for d in documents]
    if args.dateline_optional:
        for document, line in zip(documents, lines, strict=True):
            datelines = dateline_spans(document)
            for claim in line["claims"]:
                if tuple(claim["spans"]["date"]) in datelines:
                    claim["optional"] = True
                    claim["note"] = "the dateline (document creation time)"
    lines = unique_texts(lines)
    gold, optional = write_gold(args.out, lines)
    undated = sum("published" not in line for line in lines)
    print(
        f"{args.out}: {len(lines)} documents ({undated} without a creation date), "
        f"{gold - optional} gold dates, {optional} optional time expressions"
    )


if __name__ == "__main__":
    main()
