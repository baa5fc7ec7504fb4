"""The build, as one flat sequence: read, index, render, write.

Nothing is written until everything has been read, checked and rendered; the output then
goes to a temporary folder beside the target, which is swapped in only when complete. A
failed or killed build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import io
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from . import render
from .schema import check_url
from .content import _shown, load_content
from .errors import ContentError, ContentErrors, OutputError
from .model import Content
from . import search
from .site import Index, build_index, claim_topics, differences, topic_name

# Written into every output folder: the build only ever replaces a folder that has it.
MARKER = ".claimsite-output"


# Called as progress(pages done, pages in all) while pages render.
Progress = Callable[[int, int], None]


@dataclass
class Result:
    articles: int
    claims: int
    speakers: int
    pages: int
    seconds: float
    out: Path
    timings: dict[str, float] = field(default_factory=dict)  # step name -> seconds

    def summary(self) -> str:
        return (f"Built {self.articles} articles, {self.claims} claims, {self.speakers} "
                f"speakers: {self.pages} pages in {self.out}/ ({self.seconds:.2f} s)")


def build_site(content_dir: str | os.PathLike, out_dir: str | os.PathLike,
               templates_dir: str | os.PathLike | None = None, *, search_index: bool = True,
               base_url: str = "", progress: Progress | None = None) -> Result:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    step = _Stopwatch(timings)
    content_dir = Path(content_dir)
    out = Path(out_dir)
    templates = Path(templates_dir) if templates_dir else content_dir.parent / "templates"
    if not (templates / "base.html").is_file():
        raise OutputError(f"no templates in {templates}/ (expected {templates}/base.html)")

    if base_url:
        base_url, problem = check_url(base_url)
        if problem:
            raise OutputError(f"--base-url {problem}")
    with step("read and check"):                  # 1. read and check every file
        content = load_content(content_dir)
        if base_url:
            content.site.base_url = base_url
    with step("index"):                           # 2. cross-indexes for the pages
        index = build_index(content)
    try:                                          # 3. every output file, in memory
        with step("render"):
            files = render_site(content, index, templates, progress)
    except jinja2.TemplateError as err:
        raise template_error(err, templates) from None
    staging = None
    try:
        with step("write"):                       # 4. write beside the old site
            staging = make_staging(out)
            write_files(staging, files, templates / "static")
        if search_index:                          # 5. search index of the pages
            with step("search index"):
                search.index_folder(staging, content.site.language)
        with step("swap"):                        # 6. replace the old site at once
            _set_times(staging)
            swap(staging, out)
    except OSError as err:
        raise OutputError(f"cannot write the site to {out}: {err.strerror or err}") from None
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

    pages = sum(1 for name in files if name.endswith(".html"))
    return Result(len(content.articles), len(content.claims), len(index.by_speaker), pages,
                  time.perf_counter() - started, out, timings)


def template_error(err: jinja2.TemplateError, templates: Path) -> ContentErrors:
    """A template mistake as `templates/x.html:line: message`, like a content mistake."""
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        return ContentErrors([ContentError(_shown(Path(err.filename)), err.lineno, err.message)])
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if f.filename and Path(f.filename).is_relative_to(templates.absolute())
              or f.filename.startswith(str(templates))]
    where = frames[-1] if frames else None
    return ContentErrors([ContentError(_shown(Path(where.filename)) if where else str(templates),
                                       where.lineno if where else 1, f"template error: {err}")])


class _Stopwatch:
    """`with step("name"):` adds the block's duration to timings["name"]."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextlib.contextmanager
    def __call__(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started


# --- rendering ---------------------------------------------------------------------------

def render_site(content: Content, index: Index, templates: Path,
                progress: Progress | None = None) -> dict[str, bytes]:
    """Every output file as {site-relative path: bytes}."""
    env = render.environment(templates)
    site = content.site
    topic_names = {key: topic_name(content, key) for key in
                   {*index.topics, *(t for a in content.articles for t in a.topics)}}
    common = dict(site=site, people=content.people, outlets=content.outlets,
                  claims=content.claims, articles=content.articles, index=index,
                  topic_names=topic_names, section="", canonical="")
    files: dict[str, bytes] = {}

    def page(path: str, template: str, **context) -> None:
        html = env.get_template(template).render(
            common, page=path,
            canonical=render.absolute(site.base_url, path) if site.base_url else "", **context)
        files[path] = html.encode("utf-8")
        tick()

    total = (len(index.claims) + 2 * len(content.articles) + len(content.people)
             + len(content.outlets) + len(index.topics) + 9)  # the bodies count as work too
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and (done % 64 == 0 or done == total):
            progress(done, total)
    bodies = {}
    found_quotes = {}
    for article in content.articles:
        bodies[article.slug], found_quotes[article.slug] = render.article_html(article, content)
        tick()

    page("index.html", "home.html",
         top_speakers=sorted(index.by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10])
    for claim in index.claims:
        page(render.path_of(claim), "claim.html", claim=claim,
             speaker=content.people[claim.speaker], claim_topics=claim_topics(claim),
             differences=differences(claim, content), found_quotes=found_quotes,
             json_ld=render.json_ld(render.claim_json_ld(claim, content, site.base_url)))
    for article in content.articles:
        page(render.path_of(article), "article.html", article=article, section="articles",
             body=bodies[article.slug], found=found_quotes[article.slug],
             searchable=len(article.body) <= search.MAX_INDEXED_TEXT)
    for person in content.people.values():
        page(render.path_of(person), "speaker.html", person=person, section="speakers",
             claims=index.by_speaker.get(person.key, []))
    for outlet in content.outlets.values():
        page(render.path_of(outlet), "outlet.html", outlet=outlet, section="outlets",
             claims=index.by_outlet.get(outlet.key, []),
             articles=index.articles_by_outlet.get(outlet.key, []))
    for key, name in index.topics.items():
        page(render.topic_path(key), "topic.html", name=name, section="topics",
             claims=index.by_topic[key])
    page("speakers.html", "speakers.html", section="speakers",
         speakers=sorted(content.people.values(), key=lambda p: (p.name.casefold(), p.key)))
    page("outlets.html", "outlets.html", section="outlets",
         outlet_list=sorted(content.outlets.values(), key=lambda o: (o.name.casefold(), o.key)),
         unnamed=[a for a in content.articles if not a.outlet])
    page("topics.html", "topics.html", section="topics")
    page("articles.html", "articles.html", section="articles",
         article_list=sorted(content.articles, key=_newest_article))
    page("timeline.html", "timeline.html", section="timeline")
    page("404.html", "404.html")
    page("search.html", "search.html", section="search", years=_years(content))

    files["claims.json"] = claims_json(content, index)
    files["claims.csv"] = claims_csv(content, index)
    files["feed.xml"] = feed_xml(env, content, index)
    files["sitemap.xml"] = env.get_template("sitemap.xml").render(
        locations=[render.absolute(site.base_url, p) for p in sorted(files) if p.endswith(".html")
                   and p != "404.html"]).encode("utf-8")
    return files


def _years(content: Content) -> list[int]:
    years = {c.date.year for c in content.claims.values() if c.date}
    years |= {a.published.year for a in content.articles if a.published}
    return sorted(years, reverse=True)


def _newest_article(article) -> tuple:
    date = article.published
    return (date is None, (-date.year, -date.month, -date.day) if date else (), article.slug)


def claims_json(content: Content, index: Index) -> bytes:
    data = {
        "site": {"title": content.site.title, "base_url": content.site.base_url or None},
        "claims": [claim_record(claim, content) for claim in index.claims],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def claim_record(claim, content: Content) -> dict:
    speaker = content.people[claim.speaker]
    return {
        "id": claim.id,
        "page": render.path_of(claim),
        "speaker": {"key": speaker.key, "name": speaker.name, "kind": speaker.kind,
                    "role": speaker.role or None},
        "date": claim.date.iso() if claim.date else None,
        "assertion": claim.assertion,
        "topics": claim_topics(claim),
        "appearances": [{
            "article": {
                "slug": a.article.slug, "page": render.path_of(a.article),
                "title": a.article.title, "outlet": a.article.outlet or None,
                "outlet_name": content.outlets[a.article.outlet].name if a.article.outlet else None,
                "url": a.article.url or None,
                "published": a.article.published.iso() if a.article.published else None,
                "author": a.article.author or None,
            },
            "date": a.date.iso() if a.date_given and a.date else None,
            "quote": a.quote or None,
            "context": a.context or None,
            "via": a.via or None,
            "text_fragment_url": (render.text_fragment_url(a.article.url, a.quote)
                                  if a.article.url and a.quote else None),
        } for a in claim.appearances],
    }


CSV_COLUMNS = ["claim_id", "speaker", "speaker_name", "claim_date", "assertion", "topics",
               "article", "title", "outlet", "outlet_name", "published", "url", "reported_date",
               "quote", "context", "via"]


def claims_csv(content: Content, index: Index) -> bytes:
    """One row per appearance. Cells that a spreadsheet would run as a formula get a `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for claim in index.claims:
        for a in claim.appearances:
            article = a.article
            writer.writerow([_cell(v) for v in (
                claim.id, claim.speaker, content.people[claim.speaker].name,
                claim.date.iso() if claim.date else "", claim.assertion,
                " ".join(claim_topics(claim)), article.slug, article.title, article.outlet,
                content.outlets[article.outlet].name if article.outlet else "",
                article.published.iso() if article.published else "", article.url,
                a.date.iso() if a.date_given and a.date else "", a.quote, a.context, a.via)])
    return buffer.getvalue().encode("utf-8")


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def feed_xml(env, content: Content, index: Index) -> bytes:
    """Atom feed of the newest claims. Dates come from content only, so builds repeat exactly."""
    site = content.site
    dated = [c for c in index.claims if c.date]

    def stamp(date) -> str:
        return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T" \
               f"{(date.time or '00:00') + (':00' if len(date.time or '00:00') == 5 else '')}Z"

    fallback = os.environ.get("SOURCE_DATE_EPOCH")
    if dated:
        updated = max(stamp(c.date) for c in dated)
    elif fallback and fallback.isdigit():
        updated = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(fallback)))
    else:
        updated = "1970-01-01T00:00:00Z"
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, site.base_url or f"claimsite:{site.title}")
    entries = [{
        "title": claim.assertion,
        "id": f"urn:uuid:{uuid.uuid5(namespace, claim.id)}",
        "updated": stamp(claim.date) if claim.date else updated,
        "author": content.people[claim.speaker].name,
        "link": render.absolute(site.base_url, render.path_of(claim)),
        "summary": f"{content.people[claim.speaker].name}, {claim.date.human() if claim.date else 'date not given'}: "
                   f"{claim.assertion} (reported by {len(claim.appearances)} article"
                   f"{'' if len(claim.appearances) == 1 else 's'})",
    } for claim in index.claims[:100]]
    return env.get_template("feed.xml").render(
        site=site, feed_id=f"urn:uuid:{namespace}", updated=updated, entries=entries,
        absolute=lambda p: render.absolute(site.base_url, p)).encode("utf-8")


# --- writing -----------------------------------------------------------------------------

def make_staging(out: Path) -> Path:
    """A new hidden folder beside `out`, after checking `out` may be replaced."""
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(f"refusing to replace {out}: it is not empty and was not made by "
                          f"claimsite (no {MARKER} file); choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a site is meant to be read
    return staging


def write_files(staging: Path, files: dict[str, bytes], static: Path) -> None:
    """Write `files` and the theme's static files; no path may leave `staging`."""
    root = staging.resolve()
    if static.is_dir():
        shutil.copytree(static, staging / "static", dirs_exist_ok=True)
    for name, data in files.items():
        target = (staging / name).resolve()
        if not target.is_relative_to(root) or target == root:
            raise OutputError(f"refusing to write {name!r}: outside the output folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (staging / MARKER).write_text("This folder is generated by claimsite; it is replaced "
                                  "on every build.\n", encoding="utf-8")


def swap(staging: Path, out: Path) -> None:
    """Put `staging` where `out` is. On Linux the exchange is one atomic step, so a reader
    or a killed build never sees a half site or none; elsewhere, two quick renames."""
    out = out.absolute()
    if not out.exists():
        os.rename(staging, out)
        return
    if not _exchange(staging, out):
        retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, retired / out.name)
        os.rename(staging, out)
        staging = retired
    shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site


def _set_times(folder: Path) -> None:
    """With SOURCE_DATE_EPOCH set, every file gets that time, for reproducible archives."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        os.utime(path, (int(epoch), int(epoch)), follow_symlinks=False)
    os.utime(folder, (int(epoch), int(epoch)))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2(RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _remove_stale(out: Path) -> None:
    """Clear temporary folders left by a build that was killed part-way."""
    for leftover in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}.old-*"):
        if not out.exists() and (leftover / out.name / MARKER).exists():
            os.rename(leftover / out.name, out)  # killed between the two renames: restore
        shutil.rmtree(leftover, ignore_errors=True)
