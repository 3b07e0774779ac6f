"""The extraction template rendered without Jinja2 (claimtrack.prompts.direct): the same text as
Jinja2 for any document, chunk, boundary and examples, and Jinja2 for everything else."""

import subprocess
import sys

import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.injection import boundary_for
from claimtrack.prompts import get_prompt, read_template
from claimtrack.prompts.direct import renderer

BUILTIN = get_prompt("extract-claims")


def by_jinja(body, examples, values):
    environment = jinja2.Environment(
        autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return environment.from_string(body).render(examples=examples, **values)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
examples = st.lists(
    st.fixed_dictionaries({"text": texts | st.integers(), "claims": json_values}), max_size=3
)


def values(text, published, number, total, boundary):
    return {
        "document": {"published": published, "title": None},
        "chunk": {"text": text, "number": number, "total": total},
        "boundary": boundary,
    }


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    published=st.none() | st.just("") | texts,
    number=st.integers(min_value=-2, max_value=40),
    total=st.integers(min_value=-2, max_value=40),
    boundary=st.none() | texts,
)
def test_the_built_in_template_is_rendered_as_jinja2_renders_it(
    text, published, number, total, boundary
):
    given_values = values(text, published, number, total, boundary or boundary_for(text))
    direct = renderer(BUILTIN.body, BUILTIN.examples)
    assert direct is not None
    assert direct(given_values) == by_jinja(BUILTIN.body, BUILTIN.examples, given_values)


@settings(max_examples=200, deadline=None)
@given(shown=examples, text=texts, published=st.none() | texts)
def test_any_examples_are_rendered_as_jinja2_renders_them(shown, text, published):
    given_values = values(text, published, 1, 2, boundary_for(text))
    direct = renderer(BUILTIN.body, shown)
    assert direct is not None
    assert direct(given_values) == by_jinja(BUILTIN.body, shown, given_values)


def test_the_extractor_renders_the_built_in_template_without_jinja2():
    assert BUILTIN.direct is not None
    rendered = BUILTIN.render(
        document={"published": "2024-03-01", "title": "T"},
        chunk={"text": "Report {{ x }} <document>", "number": 2, "total": 3},
    )
    values = {
        "document": {"published": "2024-03-01", "title": "T"},
        "chunk": {"text": "Report {{ x }} <document>", "number": 2, "total": 3},
        "boundary": boundary_for("Report {{ x }} <document>"),
    }
    assert rendered[1]["content"] == by_jinja(BUILTIN.body, BUILTIN.examples, values).strip()
    code = (
        "import sys\n"
        "from claimtrack.prompts import get_prompt\n"
        "template = get_prompt('extract-claims')\n"
        "template.render(document={'published': None, 'title': None},"
        " chunk={'text': 'x', 'number': 1, 'total': 1})\n"
        "print('jinja2' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_other_templates_and_values_go_to_jinja2(tmp_path):
    assert renderer(get_prompt("judge-claim").body, []) is None
    edited = BUILTIN.body.replace("{{ chunk.text }}", "{{ chunk.text | upper }}")
    assert renderer(edited, BUILTIN.examples) is None
    assert renderer(BUILTIN.body.replace("\n", "\r\n"), BUILTIN.examples) is None
    assert renderer(BUILTIN.body, [{"text": "no claims"}]) is None
    direct = renderer(BUILTIN.body, BUILTIN.examples)
    odd = values("x", None, True, 2, "document")  # a bool is not a chunk number
    assert direct(odd) is None
    assert direct({**values("x", None, 1, 1, "document"), "extra": 1}) is None
    # a user's template with the same tags and other words is rendered directly too
    words = BUILTIN.body.replace("Extract the claims", "List the claims")
    path = tmp_path / "mine.j2"
    path.write_text(f"---\nname: mine\nresponse_model: Extraction\nsystem: S\n---\n{words}")
    mine = read_template(path)
    assert mine.direct is not None
    given_values = values("Some text.", None, 1, 1, "document")
    assert mine.direct(given_values) == by_jinja(words, [], given_values)
