"""Near-duplicate documents: copies of one story are one independent source."""

from __future__ import annotations

import itertools
import random

from claimtrack.tracking.similar import Groups, Sketch, compare, near_duplicates, sketch

WORDS = (
    "government minister agreement talks border trade tariffs fishing quota harbour port vote "
    "parliament election budget deficit growth inflation bank rate export import coal steel "
    "grain farmers workers union strike court ruling appeal judge police protest city council"
).split()


def story(seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    sentences = []
    for _ in range(n // 10):
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + ".")
    return " ".join(sentences)


def test_a_copy_with_a_new_header_and_a_changed_date_is_a_near_duplicate():
    text = story(1)
    copy = "(Reuters) — " + text.replace("Vote", "Ballot", 1) + " Copyright Reuters."
    assert near_duplicates(sketch(text), sketch(copy))
    assert compare(sketch(text), sketch(text)) == (1.0, 1.0)


def test_a_cut_copy_counts_by_containment():
    text = story(2)
    cut = text[: int(len(text) * 0.8)]
    resemblance, containment = compare(sketch(text), sketch(cut))
    assert resemblance < 0.9 and containment > 0.9
    assert near_duplicates(sketch(text), sketch(cut))


def test_two_stories_are_not_near_duplicates():
    assert not near_duplicates(sketch(story(3)), sketch(story(4)))


def test_a_sketch_survives_the_ledger():
    found = sketch(story(5))
    assert Sketch.from_blob(found.blob(), found.shingles) == found


def test_groups_do_not_depend_on_the_order_documents_arrive_in():
    texts = {f"doc{i}": story(i % 3) + (f" Edition {i}." if i >= 3 else "") for i in range(9)}
    sketches = {name: sketch(text) for name, text in texts.items()}
    partitions = set()
    for order in itertools.islice(itertools.permutations(sorted(texts)), 0, 720, 97):
        groups = Groups()
        for name in order:
            groups.add(name, sketches[name])
        partitions.add(tuple(sorted(groups.partition().items())))
    assert len(partitions) == 1
    (partition,) = partitions
    found = dict(partition)
    assert found["doc3"] == found["doc0"] == found["doc6"] == "doc0"
    assert len(set(found.values())) == 3


def test_groups_read_back_from_the_ledger_take_new_copies():
    base = story(7)
    groups = Groups()
    groups.lead("a", sketch(base))
    groups.known("a", sketch(base), "a")
    groups.known("c", sketch(base + " Later edition."), "a")
    groups.add("b", sketch(base + " Another edition."))
    assert groups.partition() == {"a": "a", "b": "a", "c": "a"}
