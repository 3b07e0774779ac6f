from claimtrack.offline.context import DocumentContext
from claimtrack.offline.names import find_names
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
