"""Whether two claims report one fact: same, variant or conflicting, and which conflict."""

from __future__ import annotations

from claimtrack.tracking.features import quote_features, sentence_features
from claimtrack.tracking.match import decide

FULL = (
    "This agreement opens a new chapter for both our peoples, and we will review it every two "
    "years."
)


def quote(text: str, speaker: str | None = "Anna Berg", **kw: object):
    return quote_features(text, speaker, explicit=kw.pop("explicit", True), **kw)  # type: ignore[arg-type]


def kinds(found):
    return [(c.kind, c.field) for c in found.conflicts]


def test_the_same_quote_with_the_speaker_named_in_full_or_by_surname_is_the_same():
    found = decide(quote(FULL, "Foreign Minister Anna Berg"), quote(FULL, "Berg"))
    assert (found.relation, found.method) == ("same", "identical")


def test_a_partial_quote_is_a_variant_not_a_conflict():
    found = decide(quote(FULL), quote("opens a new chapter for both our peoples", "Berg"))
    assert (found.relation, found.method, found.conflicts) == ("variant", "partial", ())
    # and the other way round
    assert decide(quote("opens a new chapter for both our peoples"), quote(FULL)).method == (
        "partial"
    )


def test_a_re_punctuated_quote_or_the_other_quote_marks_are_variants():
    repunctuated = FULL.replace(",", "").replace(".", "")
    found = decide(quote(FULL), quote(repunctuated))
    assert (found.relation, found.method) == ("variant", "punctuation")
    nested = "He said ‘never again’ and meant it"
    assert decide(quote(nested), quote("He said 'never again' and meant it")).relation == "same"


def test_an_elided_quote_is_a_variant():
    found = decide(quote(FULL), quote("This agreement opens … we will review it every two years."))
    assert (found.relation, found.method) == ("variant", "elided")


def test_changed_words_inside_the_quote_are_a_wording_conflict():
    found = decide(quote(FULL), quote(FULL.replace("new chapter", "dark chapter")))
    assert found.relation == "conflicting"
    assert kinds(found) == [("wording", "quote")]
    assert found.conflicts[0].values == (
        FULL,
        FULL.replace("new chapter", "dark chapter"),
    )
    inserted = decide(quote(FULL), quote(FULL.replace("we will review", "we will not review")))
    assert kinds(inserted) == [("wording", "quote")]


def test_a_changed_number_inside_a_quote_is_a_number_conflict():
    found = decide(quote(FULL), quote(FULL.replace("two years", "three years")))
    assert kinds(found) == [("number", "quote")]


def test_a_partial_quote_with_a_changed_word_is_a_wording_conflict():
    found = decide(quote(FULL), quote("opens a new era for both our peoples"))
    assert kinds(found) == [("wording", "quote")]


def test_another_named_speaker_is_a_speaker_conflict_but_a_resolved_pronoun_is_not():
    found = decide(quote(FULL, "Anna Berg"), quote(FULL, "Tomas Lind"))
    assert kinds(found) == [("speaker", "speaker")]
    assert found.conflicts[0].values == ("Anna Berg", "Tomas Lind")
    resolved = decide(quote(FULL, "Anna Berg"), quote(FULL, "Tomas Lind", explicit=False))
    assert resolved.relation in ("same", "variant") and resolved.conflicts == ()


def test_different_quotes_are_different_facts():
    assert decide(quote(FULL), quote("We will never accept these terms from anyone")) is None
    # a short phrase two people both said is no evidence of one fact
    assert decide(quote("a great thing", "Anna Berg"), quote("a great thing", "Tomas Lind")) is None


def test_a_short_quote_in_a_copy_of_its_sentence_can_conflict_on_its_speaker():
    sentence = "{} has hailed the vote as “fantastic,” telling reporters on Friday."
    a = quote("fantastic,", "Donald Trump", sentence=sentence.format("Donald Trump"))
    b = quote("fantastic,", "Jaime Harrison", sentence=sentence.format("Jaime Harrison"))
    assert kinds(decide(a, b)) == [("speaker", "speaker")]


def test_an_indirect_quote_with_other_words_is_a_paraphrase_not_a_misquote():
    found = decide(quote(FULL), quote(FULL.replace("new chapter", "dark chapter"), direct=False))
    assert (found.relation, found.method) == ("variant", "paraphrase")


def event(text: str, value: str, date_text: str):
    return sentence_features("date", text, date_value=value, date_text=date_text)


MET = "On {}, Kishida met with Yoon in Tokyo to announce a diplomatic breakthrough."


def test_a_changed_date_is_a_date_conflict():
    found = decide(
        event(MET.format("March 16"), "2023-03-16", "March 16"),
        event(MET.format("March 18"), "2023-03-18", "March 18"),
    )
    assert kinds(found) == [("date", "date")]
    assert found.conflicts[0].values == ("2023-03-16", "2023-03-18")


def test_dates_compatible_at_their_precision_are_variants():
    found = decide(
        event(MET.format("March 16"), "2023-03-16", "March 16"),
        event(MET.format("March"), "2023-03", "March"),
    )
    assert (found.relation, found.method) == ("variant", "precision")
    unknown_year = decide(
        event(MET.format("March 16"), "2023-03-16", "March 16"),
        event(MET.format("March 16"), "XXXX-03-16", "March 16"),
    )
    assert unknown_year.conflicts == ()


def test_the_same_words_read_against_another_publication_date_are_no_conflict():
    found = decide(
        event(MET.format("Tuesday"), "2023-03-14", "Tuesday"),
        event(MET.format("Tuesday"), "2023-03-21", "Tuesday"),
    )
    assert (found.relation, found.method, found.conflicts) == ("variant", "relative-date", ())


def test_two_dates_of_one_sentence_are_two_facts():
    text = "Income doubled from 1950 to 1960, the office said."
    assert decide(event(text, "1950", "1950"), event(text, "1960", "1960")) is None
    assert (
        decide(event("1950: " + text, "1950", "1950"), event("1960: " + text, "1960", "1960"))
        is None
    )


def statement(text: str):
    return sentence_features("statement", text)


EXPORTS = "Exports from Norland to Portavia rose {} in 2023, to $18.3 billion, the office said."


def test_a_changed_number_is_a_number_conflict_and_a_spelled_out_one_is_not():
    found = decide(statement(EXPORTS.format("12 percent")), statement(EXPORTS.format("15 percent")))
    assert kinds(found) == [("number", "quantities")]
    assert found.conflicts[0].values == ("12 percent", "15 percent")
    same = decide(statement(EXPORTS.format("12 percent")), statement(EXPORTS.format("12%")))
    assert same.relation == "same"


def test_a_changed_name_outside_a_quote_is_another_fact():
    other = EXPORTS.replace("Norland", "Estavia")
    assert (
        decide(statement(EXPORTS.format("12 percent")), statement(other.format("12 percent")))
        is None
    )


def agreement(text: str, named: tuple[str, ...], state: str = "signed"):
    return sentence_features("agreement", text, named=named, state=state)


def test_agreements_disagree_on_a_party_or_on_whether_it_was_made():
    signed = "Japan and South Korea signed the agreement on intelligence sharing this week."
    found = decide(
        agreement(signed, ("Japan", "South Korea")),
        agreement(signed.replace("South", "North"), ("Japan", "North Korea")),
    )
    assert kinds(found) == [("parties", "parties")]
    denied = decide(
        agreement(signed, ("Japan", "South Korea")),
        agreement(signed.replace("signed", "denied"), ("Japan", "South Korea"), "denied"),
    )
    assert kinds(denied) == [("state", "state")]


def test_decide_is_symmetric():
    pairs = [
        (quote(FULL), quote("opens a new chapter for both our peoples")),
        (quote(FULL, "Anna Berg"), quote(FULL.replace("new", "dark"), "Tomas Lind")),
        (statement(EXPORTS.format("12 percent")), statement(EXPORTS.format("15 percent"))),
    ]
    for a, b in pairs:
        ab, ba = decide(a, b), decide(b, a)
        assert (ab.relation, ab.score, ab.method) == (ba.relation, ba.score, ba.method)
        assert [c.values for c in ab.conflicts] == [c.values[::-1] for c in ba.conflicts]
