"""YAML with line numbers: duplicate keys, bombs and nesting fail as content errors."""

import re

import pytest

from claimsite import ContentError, ContentErrors
from claimsite.yamlfile import load


def test_values_remember_their_lines():
    data = load("title: T\nclaims:\n  - speaker: a\n    quote: q\n", "f.md", first_line=2)
    assert data.line_of("title") == 2 and data.line_of("claims") == 3
    claim = data["claims"][0]
    assert data["claims"].line_of(0) == 4 and claim.line_of("quote") == 5


def test_every_duplicate_key_is_reported_and_the_first_value_kept():
    with pytest.raises(ContentErrors) as caught:
        load("a: 1\nb: 2\na: 3\nb: 4\n", "f.yaml")
    assert [str(e) for e in caught.value.errors] == [
        "f.yaml:3: duplicate key 'a' (first at line 1)",
        "f.yaml:4: duplicate key 'b' (first at line 2)",
    ]


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 10)}]")
    with pytest.raises(ContentError) as caught:
        load("\n".join(lines) + "\n", "bomb.md")
    assert "expands to more than 200,000 values" in str(caught.value)


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(ContentError) as caught:
        load("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.md")
    # The wording may be PyYAML's own; the file, the line and the cause are ours to promise.
    assert re.fullmatch(r"deep\.md:1: invalid YAML: .*\bnest.*", str(caught.value))


def test_python_tags_are_refused():
    with pytest.raises(ContentError) as caught:
        load("x: !!python/object/apply:os.system ['true']\n", "evil.md")
    assert "unsupported YAML tag" in str(caught.value)
