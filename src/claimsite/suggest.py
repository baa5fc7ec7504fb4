"""`build.py suggest ARTICLE`: the direct quotations in an article proposed as claim entries.

Each proposal holds the words exactly as printed (so it passes `check` as it stands), the
speaker (a key of people.yaml, else the name as printed), how the speaker and the date are
known, and a `TODO` assertion for the editor. Quotations an entry of the article records
already are left out. `unrecorded` is the same search for `check`'s coverage note.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import registries, schema, yamlfile
from .attribution import Attribution, Attributor
from .article import split_front_matter
from .dates import PartialDate, parse_date
from .errors import ContentError, ContentErrors
from .files import Problems, read_text, shown_path
from .limits import MAX_CLAIMS, MAX_FILE_BYTES, MAX_QUOTE_CHARS, MAX_QUOTE_SCAN
from .model import Person
from .names import NameFinder
from .quotations import Quotation, find_quotations, paragraphs
from .quotes import normalise
from .saiddates import SaidDate, SaidDates

ASSERTION = f"{schema.PLACEHOLDER} one neutral sentence saying what was claimed"


@dataclass
class Proposal:
    quotation: Quotation
    attribution: Attribution
    date: SaidDate | None


def propose(body: str, people: dict[str, Person], recorded: list[str] = (),
            published: PartialDate | None = None, limit: int | None = None,
            dated: bool = True) -> tuple[list[Proposal], list[Quotation]]:
    """The proposals for a text (at most `limit`; dated unless `dated` is False), and the
    quotations too long to be one quote."""
    paras = paragraphs(body)
    quotations = find_quotations(body, paras)
    finder = NameFinder(people)
    attributor = Attributor(body, paras, quotations, finder)
    dates = SaidDates(lambda i: (attributor.view(i).start, attributor.view(i).text), published,
                      attributor.lines.of, lambda text: {m.key for m in finder.mentions(text)})
    recorded_texts = [normalise(quote) for quote in recorded if quote.strip()]
    seen: set[str] = set()
    proposals, too_long = [], []
    for index, quotation in enumerate(quotations):
        if limit is not None and len(proposals) >= limit:
            break
        attribution = attributor.attribute(index)
        if attribution is None:
            continue
        words = normalise(quotation.text)
        if words in seen or any(r in words or words in r for r in recorded_texts):
            continue
        seen.add(words)
        if len(quotation.text) > MAX_QUOTE_CHARS:
            too_long.append(quotation)
            continue
        date = dates.find(quotation.paragraph, quotation.start, attribution.key) if dated else None
        proposals.append(Proposal(quotation, attribution, date))
    return proposals, too_long


def unrecorded(body: str, people: dict[str, Person], recorded: list[str],
               limit: int = MAX_CLAIMS) -> list[Quotation]:
    """The direct quotations of a text that none of `recorded` (its claims' quotes) covers
    (the first `limit`)."""
    proposals, too_long = propose(body, people, recorded, limit=limit, dated=False)
    return sorted([p.quotation for p in proposals] + too_long, key=lambda q: q.start)


@dataclass
class Suggested:
    """What `suggest` found in one article file."""

    path: str  # as messages show it
    yaml: str  # the entries, ready to paste under `claims:` ("" if none)
    count: int
    notes: list[str]


def suggest(article: Path, content: Path, write: bool = False) -> Suggested:
    """Propose claim entries for an article file (and add them to it with `write`)."""
    problems = Problems()
    shown = shown_path(article)
    text = read_text(article, article.parent, problems)
    parts = split_front_matter(text, shown, problems) if text is not None else None
    data = None
    if parts is not None:
        try:
            data = yamlfile.load(parts[0], shown, parts[1])
        except (ContentError, ContentErrors) as err:
            problems.extend(err)
        else:
            if not isinstance(data, yamlfile.Mapping):
                problems.add(shown, parts[1], "front matter must be fields like 'title: ...'")
    if problems.errors:
        raise ContentErrors(problems.errors)
    _, _, body, body_line = parts
    if not body.strip() or body.startswith(schema.PLACEHOLDER):
        raise ContentErrors([ContentError(shown, body_line, "the article has no text to find "
                                                              "quotations in: paste it below the front matter")])
    claims = data.get("claims")
    if claims is not None and not isinstance(claims, yamlfile.Sequence):
        raise ContentErrors([ContentError(shown, data.line_of("claims"), "claims must be a list "
                                          "of claims; fix it before asking for more")])
    claims = [c for c in claims or () if isinstance(c, yamlfile.Mapping)]
    recorded = [c["quote"] for c in claims if isinstance(c.get("quote"), str)]
    try:
        published = parse_date(data["published"]) if data.get("published") is not None else None
    except ValueError:
        published = None  # check reports it; dates are then not worked out from it
    people_path = content / "people.yaml"
    people = registries.read_registry(people_path, schema.PERSON, registries.person, Problems()) or {}
    speakers = registries.SpeakerIndex(people, people_path, Problems())

    room = min(MAX_CLAIMS - len(claims), MAX_QUOTE_SCAN // max(len(body), 1) - len(recorded))
    proposals, too_long = propose(body, people, recorded, published, limit=max(room, 0) + 1)
    notes = [f"{shown}:{body_line + q.line - 1}: a quotation of {len(q.text):,} characters "
             f"is longer than a quote may be ({MAX_QUOTE_CHARS:,}); quote it in parts"
             for q in too_long]
    # check looks for every quote in the text: it refuses more than MAX_QUOTE_SCAN characters
    # of looking, and more than MAX_CLAIMS entries; a proposal never goes past either.
    if len(proposals) > max(room, 0):
        notes.append(f"{shown}:{body_line + proposals[max(room, 0)].quotation.line - 1}: "
                     f"more quotations from here on are not proposed: check allows "
                     f"at most {len(claims) + max(room, 0)} claims with quotes in a text this long")
        proposals = proposals[:max(room, 0)]
    entries = "".join(_entry(p, speakers, body_line) for p in proposals)
    if write and proposals:
        _write(article, text, entries, len(claims) + len(proposals), shown)
    return Suggested(shown, entries, len(proposals), notes)


def _entry(proposal: Proposal, speakers: registries.SpeakerIndex, body_line: int) -> str:
    """One claim entry, two spaces in (as under `claims:`)."""
    who, date = proposal.attribution, proposal.date
    line = body_line + proposal.quotation.line - 1
    cue = " ".join(who.cue.split())
    if who.key:
        speaker = f"{who.key}  # line {line}" + (f": “{cue}”" if cue else "")
    else:
        _, problem = speakers.resolve(who.printed)
        speaker = f"{_q(who.printed)}  # line {line}: {problem or 'unknown speaker'}"
    lines = [f"  - speaker: {speaker}"]
    if who.inferred:
        lines.append(f"    attribution_inferred: {_q(who.inferred)}")
    if date is None:
        lines.append("    date:  # the text does not say when")
    else:
        lines.append(f"    date: {date.date.iso()}")
        if date.inferred:
            lines.append(f"    date_inferred: {_q(date.inferred)}")
    lines.append(f"    assertion: {ASSERTION}")
    lines.append(f"    quote: {_q(proposal.quotation.text)}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return json.dumps(" ".join(text.split()) if "\n" in text else text, ensure_ascii=False)


_BOUNDARY = re.compile(r"-{3,}\s*")
_CLAIMS = re.compile(r"claims:\s*(?:#.*)?")
_EMPTY_CLAIMS = re.compile(r"claims:\s*\[\s*\]\s*(?:#.*)?")


def _write(article: Path, text: str, entries: str, expected: int, shown: str) -> None:
    """Add the entries at the end of the article's `claims:` list (made if missing)."""
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if _BOUNDARY.fullmatch(lines[i]))
    new = entries.rstrip("\n").split("\n")
    at = next((i for i in range(1, close) if lines[i].startswith("claims:")), None)
    if at is None:
        lines[close:close] = ["claims:", *new]
    elif _EMPTY_CLAIMS.fullmatch(lines[at]):
        lines[at:at + 1] = ["claims:", *new]
    elif not _CLAIMS.fullmatch(lines[at]):
        raise ContentErrors([ContentError(shown, at + 1, "claims is not written as a list of "
                                          "'- ' entries; paste the proposal by hand")])
    else:
        end = at + 1
        while end < close and (not lines[end].strip() or lines[end][0] in " -#\t"):
            end += 1
        while end > at + 1 and not lines[end - 1].strip():
            end -= 1
        items = [line for line in lines[at + 1:end] if line.lstrip().startswith("- ")]
        indent = len(items[0]) - len(items[0].lstrip()) if items else 2
        new = [(" " * indent + line[2:]) if line.startswith("  ") else line for line in new]
        lines[end:end] = new
    result = "\n".join(lines)
    problems = Problems()
    parts = split_front_matter(result, shown, problems)
    try:
        claims = yamlfile.load(parts[0], shown, parts[1]).get("claims") if parts else None
    except (ContentError, ContentErrors):
        claims = None
    if not isinstance(claims, list) or len(claims) != expected:
        raise ContentErrors([ContentError(shown, 1, "the proposal could not be added to the front "
                                          "matter as it is written; paste it by hand")])
    data = result.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ContentErrors([ContentError(shown, 1, f"with the proposal the file would be larger "
                                          f"than {MAX_FILE_BYTES // 2**20} MB; nothing was written")])
    folder = article.parent
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{article.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(temporary, article.stat().st_mode & 0o777)
        os.replace(temporary, article)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

