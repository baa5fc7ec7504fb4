"""How well `suggest` finds quotations and their speakers, per language.

    python benchmarks/suggest_quality.py [--content content] [--gold tests/suggest_gold.yaml]

Two gold sets: the demo articles' annotated quotes (each with its claim's speaker; the
proposals are made as if nothing were annotated yet), and the short constructed passages of
tests/suggest_gold.yaml (fictional speakers and outlets, one per language and pattern).

A proposal finds an annotated quote when one contains the other (compared as `check`
compares quotes): editors often record one sentence of a printed quotation, or split a
quotation in two claims. Quotes: precision = proposals that find an annotated quote /
proposals; recall = annotated quotes found / annotated quotes. Speakers: of the annotated
quotes found, the share whose proposal names the claim's speaker (precision), and of all
annotated quotes, the share found with the right speaker (recall).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from claimsite import registries, schema  # noqa: E402
from claimsite.article import split_front_matter  # noqa: E402
from claimsite.dates import parse_date  # noqa: E402
from claimsite.files import Problems  # noqa: E402
from claimsite.model import Person  # noqa: E402
from claimsite.quotes import normalise  # noqa: E402
from claimsite.suggest import propose  # noqa: E402


@dataclass
class Case:
    name: str
    language: str
    text: str
    people: dict[str, Person]
    expected: list[tuple[str, str]]  # (quote, speaker key)
    published: object = None


@dataclass
class Score:
    annotated: int = 0
    proposed: int = 0
    right_proposals: int = 0
    found: int = 0
    speaker_right: int = 0
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("annotated", "proposed", "right_proposals", "found", "speaker_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.right_proposals / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def speaker_precision(self) -> float:
        return self.speaker_right / self.found if self.found else 1.0

    @property
    def speaker_recall(self) -> float:
        return self.speaker_right / self.annotated if self.annotated else 1.0


def demo_cases(content: Path) -> list[Case]:
    people = registries.read_registry(content / "people.yaml", schema.PERSON, registries.person,
                                      Problems()) or {}
    speakers = registries.SpeakerIndex(people, content / "people.yaml", Problems())
    cases = []
    for path in sorted((content / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, _, body, _ = split_front_matter(text, str(path), Problems())
        data = yaml.safe_load(front) or {}
        expected = [(c["quote"], speakers.resolve(c["speaker"])[0]) for c in data.get("claims") or ()
                    if c.get("quote")]
        published = parse_date(data["published"]) if data.get("published") else None
        cases.append(Case(path.name, data.get("language", "en"), body, people, expected, published))
    return cases


def gold_cases(gold: Path) -> list[Case]:
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    people = {key: Person(key=key, **record) for key, record in data["people"].items()}
    return [Case(c["name"], c["language"], c["text"], people,
                 [(q["quote"], q["speaker"]) for q in c["quotes"]],
                 parse_date(c["published"]) if c.get("published") else None)
            for c in data["passages"]]


def score(case: Case) -> Score:
    proposals, _ = propose(case.text, case.people, [], case.published)
    got = [(normalise(p.quotation.text), p.attribution.key or p.attribution.printed) for p in proposals]
    want = [(normalise(q), speaker) for q, speaker in case.expected]
    result = Score(annotated=len(want), proposed=len(got))
    matches = lambda a, b: a in b or b in a  # noqa: E731
    result.right_proposals = sum(1 for text, _ in got if any(matches(text, w) for w, _ in want))
    for wanted, speaker in want:
        found = [who for text, who in got if matches(text, wanted)]
        if not found:
            result.missed.append(f"{case.name}: {wanted[:70]}")
            continue
        result.found += 1
        if speaker in found:
            result.speaker_right += 1
        else:
            result.wrong.append(f"{case.name}: {wanted[:50]} -> {found[0]} (not {speaker})")
    return result


def measure(content: Path, gold: Path) -> dict[tuple[str, str], Score]:
    """(gold set, language) -> Score, with "all" rows for each set."""
    scores: dict[tuple[str, str], Score] = {}
    for name, cases in (("demo", demo_cases(content)), ("written", gold_cases(gold))):
        for case in cases:
            one = score(case)
            for key in ((name, case.language), (name, "all")):
                scores.setdefault(key, Score()).add(one)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--gold", default=str(ROOT / "tests" / "suggest_gold.yaml"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and wrong speakers")
    args = parser.parse_args()
    scores = measure(Path(args.content), Path(args.gold))
    print(f"{'set':<8} {'lang':<4} {'quotes':>6} {'proposed':>8} {'precision':>9} {'recall':>7} "
          f"{'speaker precision':>17} {'speaker recall':>14}")
    for (name, language), s in sorted(scores.items(), key=lambda item: (item[0][0], item[0][1] == "all", item[0][1])):
        print(f"{name:<8} {language:<4} {s.annotated:>6} {s.proposed:>8} {s.precision:>9.0%} "
              f"{s.recall:>7.0%} {s.speaker_precision:>17.0%} {s.speaker_recall:>14.0%}")
        if args.verbose:
            for line in s.missed if language != "all" else ():
                print(f"    missed: {line}")
            for line in s.wrong if language != "all" else ():
                print(f"    speaker: {line}")


if __name__ == "__main__":
    main()
