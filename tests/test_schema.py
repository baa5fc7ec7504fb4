"""The JSON Schemas editors' tools use agree with the checker and stay in sync with it."""

from __future__ import annotations

import json

import pytest
import yaml

from claimsite.cli import main
from claimsite.editor_schemas import json_schemas

from .conftest import REPO, SITES

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = REPO / "schemas"


class EditorLoader(yaml.SafeLoader):
    """YAML as VS Code's YAML extension reads it (YAML 1.2: no timestamp type)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def front_matter(path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    return yaml.load(text.split("\n---", 1)[0].removeprefix("---"), Loader=EditorLoader)


def validator(name: str):
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schemas_match_the_checkers_field_tables():
    shipped = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    assert shipped == json_schemas(), "run `python3 build.py schema` and commit schemas/"


def test_schema_command_writes_the_files(tmp_path, capsys):
    assert main(["schema", "--dir", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(json_schemas())


def test_every_article_and_registry_in_content_is_valid():
    article = validator("article.schema.json")
    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        errors = [e.message for e in article.iter_errors(front_matter(path))]
        assert errors == [], path.name
    for name in ("people", "outlets", "site"):
        data = yaml.safe_load((REPO / "content" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert list(validator(f"{name}.schema.json").iter_errors(data)) == [], name


@pytest.mark.parametrize("fixture", [
    "invalid/unknown-field/articles/unknown-field.md",
    "invalid/bad-url/articles/bad-url.md",
    "invalid/bad-dates/articles/bad-dates.md",
    "invalid/path-tricks/articles/path-tricks.md",
])
def test_invalid_fixtures_are_rejected(fixture):
    data = front_matter(SITES / fixture)
    assert list(validator("article.schema.json").iter_errors(data)) != []


def test_a_new_articles_placeholders_are_rejected(tmp_path, monkeypatch):
    (tmp_path / "content" / "articles").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "A title"]) == 0
    [path] = (tmp_path / "content" / "articles").iterdir()
    errors = list(validator("article.schema.json").iter_errors(front_matter(path)))
    assert len(errors) >= 4  # published, id, speaker, assertion, quote


def test_registry_fixtures_are_rejected():
    data = yaml.safe_load((SITES / "invalid/bad-url/outlets.yaml").read_text(encoding="utf-8"))
    assert list(validator("outlets.schema.json").iter_errors(data)) != []


@pytest.mark.parametrize("evidence", ["javascript:alert(1)", ["https://example.org/a", "file:///etc/passwd"]])
def test_verdict_evidence_must_be_http_addresses_in_the_schema_too(evidence):
    article = {"title": "T", "claims": [{"speaker": "ada-speaker", "assertion": "A.", "verdict": {
        "rating": "false", "reviewer": "Jo", "date": "2024-06-20", "explanation": "Why.",
        "evidence": evidence}}]}
    assert list(validator("article.schema.json").iter_errors(article)) != []
    article["claims"][0]["verdict"]["evidence"] = ["https://example.org/a"]
    assert list(validator("article.schema.json").iter_errors(article)) == []


def test_an_inferred_date_needs_the_date_it_explains_in_the_schema_too():
    article = {"title": "T", "published_inferred": "From the page's footer."}
    assert list(validator("article.schema.json").iter_errors(article)) != []
    article["published"] = None  # left empty: "not known", nothing to explain
    assert list(validator("article.schema.json").iter_errors(article)) != []
    article["published"] = "2024-06"
    assert list(validator("article.schema.json").iter_errors(article)) == []
    assert list(validator("article.schema.json").iter_errors(
        {"title": "T", "published_inferred": None})) == []  # left empty: no basis, as `check` says
    claim = {"speaker": "ministry", "assertion": "A claim.", "date_inferred": "From the video."}
    article["claims"] = [claim]
    assert list(validator("article.schema.json").iter_errors(article)) != []
    claim["date"] = None
    assert list(validator("article.schema.json").iter_errors(article)) != []
    claim["date"] = "2024-06-18"
    assert list(validator("article.schema.json").iter_errors(article)) == []


@pytest.mark.parametrize("published, valid", [
    ("2024", True), ("2024-06", True), ("2024-06-18", True), ("2024-06-18 09:30", True),
    ("2024-12-31", True), ("2024-00", False), ("2024-06-00", False), ("2024-13", False),
    ("2024-06-32", False), ("June 2024", False)])
def test_the_schema_takes_the_dates_check_takes(published, valid):
    """A month or day 00 is no month or day to the schema either (`check` refuses it)."""
    errors = list(validator("article.schema.json").iter_errors({"title": "T", "published": published}))
    assert (errors == []) is valid


def test_former_keys_are_keys_in_the_schemas_too():
    """A renamed speaker, outlet or topic lists its old keys; a topic with them is a record."""
    people, outlets, site = (validator(f"{name}.schema.json") for name in ("people", "outlets", "site"))
    assert list(people.iter_errors({"ada": {"name": "Ada", "former_keys": ["ada-speaker"]}})) == []
    assert list(outlets.iter_errors({"daily": {"name": "Daily", "former_keys": "the-daily"}})) == []
    assert list(people.iter_errors({"ada": {"name": "Ada", "former_keys": ["Ada Speaker"]}})) != []
    topics = {"alliance": {"name": {"uk": "НАТО", "en": "NATO"}, "former_keys": ["nato"]},
              "energy": "Energy", "sanctions": {"uk": "Санкції", "en": "Sanctions"}}
    assert list(site.iter_errors({"title": "T", "topics": topics})) == []
    for wrong in ({"former_keys": ["nato"]}, {"name": "NATO", "former_keys": ["NATO!"]},
                  {"name": "NATO", "former_key": ["nato"]}):
        assert list(site.iter_errors({"title": "T", "topics": {"alliance": wrong}})) != [], wrong
