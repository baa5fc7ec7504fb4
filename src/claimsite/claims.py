"""The claim entries of every article joined into claims: one Claim per id, one Appearance
per report of it, and a problem wherever two reports give one claim different speakers,
assertions or verdicts (naming both places).
"""

from __future__ import annotations

from .files import Problems
from .model import Appearance, Claim, Correction, Verdict


def _once(claim: Claim, name: str, value, at: tuple[str, int], given_at: dict,
          problems: Problems, advice: str) -> None:
    """Set a value that a claim takes once, whichever report gives it; a different value in
    another report is a problem naming both places."""
    if not getattr(claim, name):
        setattr(claim, name, value)
        given_at[claim.id, name] = at
    elif value != getattr(claim, name):
        where, line = given_at[claim.id, name]
        problems.add(*at, f"claim '{claim.id}' has a different {name} in {where}:{line}; {advice}")


def _once_in(claim: Claim, language: str, text: str, at: tuple[str, int], given_at: dict,
             problems: Problems) -> None:
    """The assertion in another language than the main one: given once, like the main one."""
    if language not in claim.assertions:
        claim.assertions[language] = text
        given_at[claim.id, "assertion", language] = at
    elif text != claim.assertions[language]:
        where, line = given_at[claim.id, "assertion", language]
        problems.add(*at, f"claim '{claim.id}' has a different assertion in {language} in "
                          f"{where}:{line}; give it once, or the same words in both")


def merge_claims(entries: list, problems: Problems, ratings: dict | None,
                 language: str = "") -> dict[str, Claim]:
    """Join claim entries that share an id into one Claim with one Appearance per article.
    A verdict's rating must be on the site's scale (`ratings`; None: site.yaml is broken).
    An assertion given as {language: text} is the main `language`'s and the others'."""
    claims: dict[str, Claim] = {}
    first_seen: dict[str, tuple[str, dict]] = {}  # id -> (path, entry) that set the speaker
    given_at: dict[tuple, tuple[str, int]] = {}  # (id, field) -> where its value was given
    dropped: set[str] = set()  # ids with an entry that has its own problem
    former_at: dict[str, list] = {}  # former id -> [(claim id, path, line)] where it is given
    for article, entry in entries:
        claim_id = entry["id"]
        lines = entry["lines"]
        if entry.get("dropped"):
            dropped.add(claim_id)
            continue
        claim = claims.get(claim_id)
        if claim is None:
            claim = claims[claim_id] = Claim(id=claim_id, speaker=entry["speaker"], assertion="")
            first_seen[claim_id] = (article.path, entry)
        elif claim.speaker != entry["speaker"]:
            where, first = first_seen[claim_id]
            problems.add(article.path, lines.get("speaker", entry["line"]),
                         f"claim '{claim_id}' has speaker '{entry['speaker']}' here but "
                         f"'{claim.speaker}' in {where}:{first['lines'].get('speaker', first['line'])}")
            continue
        if entry.get("assertion"):
            at = (article.path, lines.get("assertion", entry["line"]))
            texts = entry["assertion"]
            if not isinstance(texts, dict):
                texts = {language: texts}
            for tag, text in texts.items():
                if tag == language or not language:
                    _once(claim, "assertion", text, at, given_at, problems,
                          "give the assertion once, or the same words in both")
                else:
                    _once_in(claim, tag, text, at, given_at, problems)
        verdict = entry.get("verdict")
        if verdict and all(k in verdict for k in ("rating", "reviewer", "date", "explanation")):
            at = (article.path, lines.get("verdict", entry["line"]))
            if ratings is not None and verdict["rating"] not in ratings:
                scale = ", ".join(ratings) or "none yet: add `ratings:` to content/site.yaml"
                problems.add(*at, f"verdict rating '{verdict['rating']}' is not on the site's scale ({scale})")
            else:
                _once(claim, "verdict", Verdict(**verdict), at, given_at, problems, "give the verdict once")
        for correction in entry.get("corrections", ()):
            if len(correction) == 3 and Correction(**correction) not in claim.corrections:
                claim.corrections.append(Correction(**correction))
        for former in entry.get("former_ids", ()):
            if former not in claim.former_ids:
                claim.former_ids.append(former)
            former_at.setdefault(former, []).append(
                (claim_id, article.path, lines.get("former_ids", entry["line"])))
        for topic in entry.get("topics", ()):
            if topic not in claim.topics:
                claim.topics.append(topic)
        date = entry.get("date")
        fallback = None if entry["date_unknown"] else article.published
        # The editors' basis only: a date taken from the publication says so in the pages'
        # words (provenance.py), as Appearance.dated_by_publication tells.
        date_inferred = entry.get("date_inferred", "")
        appearance = Appearance(
            claim_id=claim_id, article=article, line=entry["line"],
            date=date or fallback, date_given=date is not None,
            quote=entry.get("quote", ""), translation=entry.get("translation", ""),
            translated_by=entry.get("translated_by", ""), translator=entry.get("translator", ""),
            context=entry.get("context", ""),
            via=entry.get("via", ""), date_inferred=date_inferred,
            attribution_inferred=entry.get("attribution_inferred", ""),
            editor_note=entry.get("editor_note", ""))
        claim.appearances.append(appearance)
        article.appearances.append(appearance)
    _check_former_ids(claims, former_at, problems)
    for claim_id, claim in claims.items():
        if not claim.assertion and not claim.assertions and claim_id not in dropped:
            path, entry = first_seen[claim_id]
            problems.add(path, entry["line"], f"claim '{claim_id}' has no assertion: "
                                              "add a one-sentence 'assertion:'")
    return claims


def _check_former_ids(claims: dict[str, Claim], former_at: dict, problems: Problems) -> None:
    """A former id names one old address: not a claim's id now (its page is that claim's),
    and not two claims' former id (the old address would lead to both)."""
    for former, places in former_at.items():
        first_owner, first_path, first_line = places[0]
        for owner, path, line in places:
            if former in claims:
                problems.add(path, line, f"former_ids lists '{former}', the id of a claim "
                                         "published now: an id is former only once no claim has it")
            elif owner != first_owner:
                problems.add(path, line, f"former id '{former}' is listed by claim '{owner}' here "
                                         f"and by claim '{first_owner}' in {first_path}:{first_line}: "
                                         "the old address can lead to one claim only")
