from hypothesis import given
from hypothesis import strategies as st

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.names import Canonical, Name, find_names
from claimtrack.records import Document


def kinds(text):
    return [(n.text, n.kind) for n in find_names(text)]


def test_titles_mark_people_and_are_left_out_of_the_name():
    assert kinds("Japanese Prime Minister Kishida Fumio met South Korean President Yoon.") == [
        ("Kishida Fumio", "person"),
        ("Yoon", "person"),
    ]


def test_countries_and_organisations():
    assert kinds("The International Criminal Court accused Russia.") == [
        ("International Criminal Court", "organization"),
        ("Russia", "place"),
    ]


def test_a_name_run_stops_at_the_end_of_a_sentence():
    assert [n.text for n in find_names("It was aimed at Putin.\n\nSouth Korea agreed.")] == [
        "Putin",
        "South Korea",
    ]


def test_a_surname_alone_is_the_person_named_in_full_elsewhere():
    assert kinds("Kishida in Kiev. Prime Minister Kishida Fumio went.")[0] == ("Kishida", "person")


def test_pronoun_resolves_to_the_salient_person_not_the_last_one_named(seed_text):
    context = DocumentContext(Document(text=seed_text, source="seed"))
    position = seed_text.index("he declared")
    assert context.person_for(position).text.startswith("Kishida")


def test_standalone_replaces_he_with_the_person():
    text = "Prime Minister Kishida Fumio flew to Kiev. On March 16, he met Yoon in Tokyo."
    context = DocumentContext(Document(text=text, source="t"))
    assert context.standalone(context.sentences[1]) == (
        "On March 16, Kishida Fumio met Yoon in Tokyo."
    )


def _canonical_by_scanning(names, name):
    """What ``Canonical`` promises, computed the slow way: the first of the distinct names,
    longest first and in order of first mention, that is longer and holds every word."""
    from claimtrack.offline.names import bare_name

    distinct = list(dict.fromkeys(tuple(bare_name(n.text).split()) for n in names))
    parts = bare_name(name).split()
    for candidate in sorted(distinct, key=len, reverse=True):
        if len(candidate) <= len(parts):
            break
        if set(parts) <= set(candidate):
            return " ".join(candidate)
    return " ".join(parts)


@given(
    st.lists(
        st.lists(
            st.sampled_from(["Kim", "Jong", "Un", "Yo", "Lee", "Biden", "Joe", "Jill"]),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(
        st.sampled_from(["Kim", "Jong", "Un", "Yo", "Lee", "Biden", "Joe", "X"]),
        min_size=1,
        max_size=3,
    ),
)
def test_canonical_by_index_is_canonical_by_scanning(mentions, asked):
    names = [Name(0, 1, " ".join(words), "person") for words in mentions]
    wanted = " ".join(asked)
    assert Canonical(names)(wanted) == _canonical_by_scanning(names, wanted)


def test_a_name_ending_like_a_demonym_is_still_a_name():
    assert kinds("Howard Dean, a former chairman, spoke.") == [("Howard Dean", "person")]
    assert kinds("Nigerian officials and Syrian refugees met.") == []


def test_a_leader_title_is_left_out_of_the_name():
    assert kinds("Senate Majority Leader Mitch McConnell spoke.")[0] == (
        "Mitch McConnell",
        "person",
    )
