"""What would lift the statement model: more labels, the document's kind, a language model?

    pip install -e ".[ceiling]"
    python bench/opinion_ceiling.py --polnear P --tempeval T --meantime M --wikinews W \
        --allsides as-dev-0-300.jsonl ... --held-out held_out_10 --held-out held_out_11 \
        --held-out held_out_12 --held-out held_out_23 ... --held-out held_out_26 \
        [--embedder sentence-transformers/all-MiniLM-L6-v2]

(the corpus files and the samples held out are ``bench/opinion_model.py``'s refit command's)

A research bench, not the shipped model's: the candidates are ``bench/opinion_model.py``'s
(the same labels, corpora and signs, ``opinion_model.features``), and each configuration is
scored by leaving one tuning sample out, with scikit-learn's L2 logistic regression in place of
``bench/opinion_model.py``'s coordinate descent (the same objective: ``C`` = 1 / ``--lam``).
Each row gives the AllSides samples' pooled precision / recall at the shipped thresholds (0.55,
0.80 for a weakly anchored candidate), and the precision at the highest threshold that keeps
pooled AllSides recall at 0.86 and at 0.82; the last column is every tuning sample pooled.

- **signs**: the shipped model's signs (the baseline of the run);
- **signs, 25% / 50% of the labels**: the same, each left-out sample's model trained on a
  seeded share of the other samples' candidates (the learning curve: what more labels buy);
- **signs + the document's kind**: where the AllSides article was published, an opinion
  section or outlet against a news desk (``opinion_lexicon.kind_of``; plain-news corpora are
  news). No extractor knows this: it is the most a document-level sign could tell;
- **signs + a sentence embedding** (``--embedder``: a sentence-transformers model's name or
  folder): a small language model's contextual reading of the candidate, normalised, times
  ``--embedding-scale``. The offline extractor cannot ship one (issue #10: no model
  downloads; a transformer on every candidate would undo the 3x speed goal); the row says
  what reading the sentence in context, as a language model does, is worth.

Needs the ``ceiling`` extra (numpy, scikit-learn; sentence-transformers for ``--embedder``,
with PyTorch: ``pip install torch==2.13.0`` first takes the CPU build where one lies on disk).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import opinion_model  # noqa: E402
from opinion_lexicon import kind_of  # noqa: E402

try:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError:  # pragma: no cover - the research extra is not installed
    sys.exit('bench/opinion_ceiling.py needs the ceiling extra: pip install -e ".[ceiling]"')

STRONG, WEAK = 0.55, 0.80
Extra = Callable[[dict[str, Any]], dict[str, float]]


def leave_one_out(
    items: list[dict[str, Any]],
    lam: float,
    min_count: int,
    extra: Extra | None = None,
    embedding: dict[int, Any] | None = None,
    share: float = 1.0,
) -> None:
    """Sets each item's ``score`` from a model trained on (``share`` of) every other sample."""
    draw = random.Random(20261129)
    for sample in sorted({i["sample"] for i in items}):
        train = [i for i in items if i["sample"] != sample and i["reached"]]
        train = [i for i in train if share >= 1.0 or draw.random() < share]
        test = [i for i in items if i["sample"] == sample]
        counts = Counter(n for i in train for n, _ in i["signs"] if n.startswith("word:"))

        def signs(
            found: list[tuple[str, float]], item: dict[str, Any], counts: Counter[str] = counts
        ) -> dict[str, float]:
            row = {n: v for n, v in found if not n.startswith("word:") or counts[n] >= min_count}
            row.update(extra(item) if extra else {})
            return row

        vectors = DictVectorizer()
        matrix = vectors.fit_transform([signs(i["signs"], i) for i in train])
        if embedding is not None:
            matrix = hstack([matrix, csr_matrix(np.stack([embedding[id(i)] for i in train]))])
        labels = np.array([i["label"] == "checkable" for i in train])
        model = LogisticRegression(C=1.0 / lam, max_iter=5000).fit(matrix.tocsr(), labels)
        for item in test:
            rows = [signs(item["signs"], item), *(signs(c, item) for c in item["clauses"])]
            found = vectors.transform(rows)
            if embedding is not None:  # the clauses are read with the sentence's embedding
                found = hstack([found, csr_matrix(np.stack([embedding[id(item)]] * len(rows)))])
            item["score"] = float(model.predict_proba(found.tocsr())[:, 1].max())


def measure(items: list[dict[str, Any]], strong: float, weak: float) -> tuple[float, float]:
    """(precision, recall) at these thresholds, as ``bench/opinion_model.py`` measures."""
    found = opinion_model.measure(
        items, lambda i: i["rules"] and i["score"] >= (weak if i["weak"] else strong)
    )
    return found[0], found[1]


def precision_at(items: list[dict[str, Any]], recall: float) -> float:
    """The precision at the highest threshold (0.20-0.95) whose recall is at least ``recall``."""
    best = 0.0
    for step in range(20, 96):
        strong = step / 100
        precision, found = measure(items, strong, max(strong, WEAK))
        if found >= recall:
            best = precision
    return best


def row(name: str, items: list[dict[str, Any]]) -> str:
    allsides = [i for i in items if i["corpus"] == "allsides"]
    precision, recall = measure(allsides, STRONG, WEAK)
    every = measure(items, STRONG, WEAK)
    return (
        f"{name:<38} {precision:.3f} / {recall:.3f}   {precision_at(allsides, 0.86):.3f}"
        f"      {precision_at(allsides, 0.82):.3f}      {every[0]:.3f} / {every[1]:.3f}"
    )


def document_kinds(allsides: list[Path]) -> dict[str, int | None]:
    kinds = {}
    for path in allsides:
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            kinds[article["id"]] = kind_of(article["url"], article["source"])
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    opinion_model.add_label_arguments(parser)
    parser.add_argument("--embedder", help="a sentence-transformers model's name or folder")
    parser.add_argument("--embedding-scale", type=float, default=3.0)
    args = parser.parse_args()
    items = opinion_model.labelled_candidates(args)
    tuned = [i for i in items if i["sample"] not in args.held_out]
    print(f"{len(tuned)} candidates of {len({i['sample'] for i in tuned})} tuning samples")
    print(f"{'configuration':<38} AllSides P / R   P at R>=.86  P at R>=.82  all P / R")
    leave_one_out(tuned, args.lam, args.min_count)
    print(row("signs", tuned), flush=True)
    for share in (0.25, 0.5):
        leave_one_out(tuned, args.lam, args.min_count, share=share)
        print(row(f"signs, {share:.0%} of the labels", tuned), flush=True)
    kinds = document_kinds(args.allsides or [])

    def kind(item: dict[str, Any]) -> dict[str, float]:
        if item["corpus"] != "allsides":
            return {}
        found = kinds.get(item["document"])
        return {"doc: opinion piece": 1.0} if found == 1 else {"doc: unknown": float(found is None)}

    leave_one_out(tuned, args.lam, args.min_count, extra=kind)
    print(row("signs + the document's kind (oracle)", tuned), flush=True)
    if args.embedder:
        from sentence_transformers import SentenceTransformer

        reader = SentenceTransformer(args.embedder, device="cpu")
        vectors = reader.encode([i["body"] for i in tuned], normalize_embeddings=True)
        embedding = {id(i): v * args.embedding_scale for i, v in zip(tuned, vectors, strict=True)}
        leave_one_out(tuned, args.lam, args.min_count, embedding=embedding)
        print(row("signs + a sentence embedding", tuned), flush=True)


if __name__ == "__main__":
    main()
