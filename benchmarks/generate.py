"""Generate a content folder of N realistic articles in claimsite's format.

    python benchmarks/generate.py 4000 /tmp/bench-content

Articles of ~400 words with 3-5 claims each; claim ids are shared across articles (the same
statement reported by several outlets), with many speakers, outlets and topics, and every
quote present in its article's text. The output is the same for the same N and seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("the minister said government talks agreement sanctions security defence support "
         "economy border conflict summit alliance report officials statement week region "
         "cooperation weapons energy prices plan vote parliament council policy trade "
         "ceasefire aid forces capital meeting leaders press conference spokesperson").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(count: int, folder: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    speakers = [f"speaker-{i}" for i in range(max(20, count // 20))]
    outlets = [f"outlet-{i}" for i in range(max(5, count // 100))]
    topics = [f"topic-{i}" for i in range(40)]
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(
        "title: Benchmark tracker\ndescription: Generated content.\ntopics:\n"
        + "".join(f"  {t}: Topic {t[6:]}\n" for t in topics), encoding="utf-8")
    (folder / "people.yaml").write_text("".join(
        f"{s}:\n  name: Speaker {s[8:]}\n  role: Official\n  aliases: [S{s[8:]}]\n" for s in speakers),
        encoding="utf-8")
    (folder / "outlets.yaml").write_text("".join(
        f"{o}:\n  name: Outlet {o[7:]}\n  url: https://{o}.example.org/\n" for o in outlets),
        encoding="utf-8")
    # A pool of statements; about a third of claims are reported by more than one article.
    pool = []
    for i in range(count * 3):
        pool.append((f"claim-{i}", rng.choice(speakers), sentence(rng, 12)))
    for n in range(count):
        day = 1 + n % 28
        month = 1 + (n // 28) % 12
        year = 2020 + n // 336
        paragraphs = [sentence(rng, rng.randint(15, 30)) + " " + sentence(rng, rng.randint(10, 25))
                      for _ in range(8)]
        claims = []
        for k in range(rng.randint(3, 5)):
            claim_id, speaker, assertion = pool[rng.randrange(len(pool)) if k == 0 else
                                                min(len(pool) - 1, n * 3 + k)]
            if any(c[0] == claim_id for c in claims):
                continue
            quote = sentence(rng, 10)
            paragraphs[rng.randrange(len(paragraphs))] += f' "{quote}" said {speaker}.'
            claims.append((claim_id, speaker, assertion, quote))
        lines = ["---", f"title: {sentence(rng, 8)[:-1]}", f"outlet: {rng.choice(outlets)}",
                 f"url: https://news.example.org/{year}/{month:02d}/article-{n}",
                 f"published: {year}-{month:02d}-{day:02d}",
                 f"topics: [{rng.choice(topics)}, {rng.choice(topics)}]", "claims:"]
        for claim_id, speaker, assertion, quote in claims:
            lines += [f"  - id: {claim_id}", f"    speaker: {speaker}",
                      f"    assertion: {assertion}", f'    quote: "{quote}"',
                      f"    topics: [{rng.choice(topics)}]"]
        lines.append("---")
        text = "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"
        (folder / "articles" / f"article-{n:05d}.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.folder, args.seed)


if __name__ == "__main__":
    main()
