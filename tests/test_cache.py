"""The build cache is invisible: a cached rebuild gives exactly the tree a clean build gives."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from claimsite import cache, exports, fingerprint, lists, output, parallel, search, writer
from claimsite.content import load_content
from claimsite.errors import ContentErrors, OutputError
from claimsite.output import MARKER
from claimsite import build_site
from claimsite.keeping import OnDisk
from claimsite.pipeline import build
from claimsite.warm import Warm

from .conftest import REPO, inodes, pages_first, shared, stable, tree


@pytest.fixture
def project(site, tmp_path):
    content = site()
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    return content, templates, tmp_path


def assert_same_as_clean(content, templates, tmp_path, cached_out, warm=None):
    result = build(content, cached_out, templates, search_index=False, keeping=warm or OnDisk())
    if isinstance(warm, Warm):
        warm.tidy()  # as serve does once the browser is told
    clean_out = tmp_path / "clean"
    shutil.rmtree(clean_out, ignore_errors=True)
    build_site(content, clean_out, templates, search_index=False, use_cache=False)
    assert tree(cached_out) == tree(clean_out)
    assert folders(cached_out) == folders(clean_out)  # none left empty (a speaker's year pages gone)
    return result


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_means_nothing_is_done(project):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    first = build_site(content, out, templates, search_index=False)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    second = build_site(content, out, templates, search_index=False)
    assert not first.up_to_date and second.up_to_date
    assert second.summary().startswith(f"Up to date: {out}/ already holds this build of 2 articles")
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    # A different option is a different build.
    assert not build_site(content, out, templates, search_index=True).up_to_date


def make(change: str, content: Path, templates: Path, monkeypatch) -> None:
    """One kind of edit an editor makes, by name."""
    articles = content / "articles"
    if change == "edit article text":
        edit(articles / "first-report.md", "Her spokesperson said", "Her spokesman said")
    elif change == "move claim to another speaker":
        edit(articles / "first-report.md", "  - speaker: Bob Official", "  - speaker: ministry")
    elif change == "delete article":
        (articles / "second-report.md").unlink()
    elif change == "rename an article file":  # the same bytes under a new name (and page)
        (articles / "second-report.md").rename(articles / "second-report-renamed.md")
    elif change == "change template":
        edit(templates / "claim.html", 'data-pagefind-ignore>{{ _("Reports") }}</h2>', "data-pagefind-ignore>Sources</h2>")
    elif change == "change speaker in registry":
        edit(content / "people.yaml", "role: Spokesperson", "role: Press officer")
    elif change == "add article":
        (articles / "added.md").write_text("---\ntitle: Added\nclaims:\n  - speaker: ministry\n"
                                           "    assertion: An added claim.\n---\nText.\n",
                                           encoding="utf-8")
    elif change == "add an older article":  # behind the newest claims: in a year's count only
        (articles / "oldest.md").write_text(
            "---\ntitle: Oldest\noutlet: weekly\npublished: 2023-01-05\ntopics: [nato]\nclaims:\n"
            "  - speaker: ministry\n    assertion: An oldest claim.\n---\nText.\n", encoding="utf-8")
    elif change == "rename a registry key":
        edit(content / "people.yaml", "bob-official:", "robert-official:")
    elif change == "rename an outlet":
        edit(content / "outlets.yaml", "name: Weekly Example", "name: The Weekly Example")
    elif change == "edit site settings":
        edit(content / "site.yaml", "title: Test tracker", "title: Renamed tracker")
    elif change == "edit a static file":
        (templates / "static" / "style.css").write_text("body { color: black }\n", encoding="utf-8")
    elif change == "upgrade a dependency":
        versions = fingerprint.installed_versions
        monkeypatch.setattr(fingerprint, "installed_versions", lambda names: {
            name: version + (".post1" if name == "markdown" else "")
            for name, version in versions(names).items()})


@pytest.mark.parametrize("change", [
    "edit article text", "move claim to another speaker", "delete article", "change template",
    "change speaker in registry", "rename a registry key", "rename an outlet", "add article",
    "edit site settings", "edit a static file", "upgrade a dependency", "rename an article file",
    "add an older article",
])
@pytest.mark.parametrize("warm", [None, "warm", "lists by year", "lists by year, warm"],
                         ids=["new process", "same process (serve)", "lists split by year",
                              "lists split by year, same process (serve: in place)"])
def test_cached_rebuild_equals_a_clean_build_after(project, change, warm, monkeypatch):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    if warm and warm.startswith("lists by year"):  # as a large tracker's are, over more than one year
        for name in ("TIMELINE_ONE_PAGE", "ARTICLES_ONE_PAGE", "ARTICLES_YEAR_ONE_PAGE", "GROUP_ONE_PAGE",
                     "GROUP_NEWEST"):
            monkeypatch.setattr(lists, name, 1)
        (content / "articles" / "older.md").write_text(
            "---\ntitle: Older\noutlet: weekly\npublished: 2023-02-01\ntopics: [nato]\nclaims:\n"
            "  - speaker: ministry\n    assertion: An older claim.\n---\nText.\n", encoding="utf-8")
    warm = Warm() if warm and warm.endswith("warm") else OnDisk()
    build(content, out, templates, search_index=False, keeping=warm)
    make(change, content, templates, monkeypatch)
    result = assert_same_as_clean(content, templates, tmp_path, out, warm)
    assert not result.up_to_date
    # And once more with nothing changed: still the same tree, now without work.
    assert assert_same_as_clean(content, templates, tmp_path, out, warm).up_to_date


def test_a_speaker_change_is_seen_through_the_article_cache(project):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    edit(content / "articles" / "first-report.md", "  - speaker: Bob Official", "  - speaker: ministry")
    build_site(content, out, templates, search_index=False)
    page = (out / "speakers" / "ministry.html").read_text(encoding="utf-8")
    assert "Talks will continue." in page
    assert "Talks will continue." not in (out / "speakers" / "bob-official.html").read_text(encoding="utf-8")


def test_the_cache_folder_is_safe_to_delete(project):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    shutil.rmtree(content.parent / ".claimsite-cache")
    edit(content / "articles" / "second-report.md", "again", "once more")
    assert_same_as_clean(content, templates, tmp_path, out)


def test_parallel_rendering_gives_the_same_pages(project, monkeypatch):
    content, templates, tmp_path = project
    build_site(content, tmp_path / "serial", templates, search_index=False, use_cache=False)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # force the worker processes
    build_site(content, tmp_path / "parallel", templates, search_index=False, use_cache=False)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_a_build_failing_while_its_workers_render_leaves_no_worker_and_the_old_site(project, monkeypatch):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    before = tree(out)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # workers, however few the pages
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her aide said")
    page = templates / "claim.html"  # a mistake found while rendering
    page.write_text(page.read_text(encoding="utf-8").replace("{{", "{{ page.missing.x }}{{", 1),
                    encoding="utf-8")
    with pytest.raises(ContentErrors, match="claim.html"):
        build_site(content, out, templates, search_index=False)
    assert tree(out) == before
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no worker left behind, finished or not


def test_a_failed_search_index_leaves_the_old_site(project, monkeypatch):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates)
    before = tree(out)

    def fails(*args, **kwargs):
        raise OutputError("the search index could not be built (pagefind): no space left")

    monkeypatch.setattr(search, "index_shards", fails)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    with pytest.raises(OutputError, match="no space left"):
        build_site(content, out, templates)
    assert tree(out) == before


def rendered_anew(out: Path, before: dict[str, int]) -> set[str]:
    """Files of `out` that are not the very files (inodes) `before` listed; the theme's static
    files (copied each time) and the folder's marker left out."""
    return {path for path, inode in inodes(out).items() if before.get(path) != inode
            and not path.startswith("static/") and path != MARKER}


def test_an_edit_renders_only_the_pages_that_show_what_changed(project):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    before = inodes(out)
    # The second report's own claim (the ministry's) gets new words in its text.
    edit(content / "articles" / "second-report.md", "again.", "once again.")
    result = build_site(content, out, templates, search_index=False)
    anew = rendered_anew(out, before)
    # That article, the claims it reports, and every page that shows one of them (the other
    # article reporting plan-works, their speakers, outlets and topic, the lists)...
    assert anew == {"articles/second-report.html", "claims/plan-works.html",
                    "claims/second-report-2.html", "articles/first-report.html",
                    "speakers/ada-speaker.html", "speakers/ministry.html", "outlets/daily.html",
                    "outlets/weekly.html", "topics/nato.html", "index.html", "timeline.html",
                    "articles.html", "claims.json", "claims.csv", "claims.db"}
    # ...and nothing that does not: Bob's claim and page, the 404, search and list pages.
    assert result.rendered == len(anew)


def test_a_template_edit_renders_only_the_pages_using_it(project):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    before = inodes(out)
    edit(templates / "speaker.html", "{% block main %}", "{% block main %}<!-- edited -->")
    build_site(content, out, templates, search_index=False)
    anew = rendered_anew(out, before)
    assert anew == {"speakers/ada-speaker.html", "speakers/bob-official.html", "speakers/ministry.html"}


@pytest.mark.parametrize("name", ["made.json", "seen.json"])
@pytest.mark.parametrize("damage", ["garbage", "forged", "other key", "truncated"])
def test_a_damaged_or_foreign_cache_is_ignored_with_one_warning(project, damage, name):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    files = content.parent / ".claimsite-cache" / name
    blob = files.read_bytes()
    if damage == "garbage":
        files.write_bytes(b"\x80\x04\x95 not json at all")
    elif damage == "forged":  # what a pull request could commit: valid JSON, no valid signature
        mac, _, body = blob.partition(b"\n")
        files.write_bytes(b"0" * len(mac) + b"\n" + body.replace(b"The plan is working.", b"<script>"))
    elif damage == "other key":  # signed by another user's key
        files.write_bytes(cache.Signer(b"k" * 32).sign(b'{"version": 1}'))
    else:
        files.write_bytes(blob[:len(blob) // 2])
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    result = assert_same_as_clean(content, templates, tmp_path, out)
    assert [w for w in result.warnings if name in w and "ignored" in w] == result.warnings[:1]
    assert len(result.warnings) == 1
    assert b"<script>" not in (out / "claims" / "plan-works.html").read_bytes()


def in_shards(content: Path, monkeypatch) -> None:
    """Four more articles, and the search index in shards of a page each: a big site's shape."""
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 1)
    for name in ("third", "fourth", "fifth", "sixth"):
        (content / "articles" / f"{name}.md").write_text(
            f"---\ntitle: The {name}\nclaims:\n  - speaker: ministry\n    assertion: The {name} claim.\n"
            f"---\nThe {name} text.\n", encoding="utf-8")


@pytest.mark.parametrize("warm", [None, "warm"], ids=["new process", "same process (serve)"])
def test_search_shards_are_rebuilt_only_where_pages_changed_and_match_a_clean_build(project, monkeypatch, warm):
    content, templates, tmp_path = project
    warm = Warm() if warm else OnDisk()
    in_shards(content, monkeypatch)
    out = tmp_path / "out"
    build(content, out, templates, keeping=warm)
    shards = sorted(p.name for p in (out / "pagefind").iterdir())
    assert len(shards) >= 2
    before = inodes(out)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    build(content, out, templates, keeping=warm)
    anew = rendered_anew(out, before)
    rebuilt = {path.split("/")[1] for path in anew if path.startswith("pagefind/")}
    assert rebuilt and rebuilt != set(shards)  # the edited article's shard, not the others
    # The manifest lists every file as it is, those of the indexes kept included.
    assert build(content, out, templates, keeping=warm).up_to_date
    clean = tmp_path / "clean"
    build_site(content, clean, templates, use_cache=False)
    assert stable(tree(out)) == stable(tree(clean))


@pytest.mark.parametrize("warm", [None, "warm"], ids=["new process", "same process (serve)"])
def test_a_shard_whose_pages_say_the_same_is_not_indexed_again(project, monkeypatch, warm):
    """A paragraph added to second-report changes the fingerprint of the claim page it
    shares with first-report (in another shard) but not that page's words: only the
    article's own shard is indexed again."""
    content, templates, tmp_path = project
    warm = Warm() if warm else OnDisk()
    in_shards(content, monkeypatch)
    shard_of = search.shards(load_content(content))
    article, claim = shard_of["articles/second-report.html"], shard_of["claims/plan-works.html"]
    assert article != claim  # the case this test is about
    out = tmp_path / "out"
    build(content, out, templates, keeping=warm)
    before = inodes(out)
    with open(content / "articles" / "second-report.md", "a", encoding="utf-8") as file:
        file.write("\nA paragraph that no claim page shows.\n")
    build(content, out, templates, keeping=warm)
    anew = rendered_anew(out, before)
    assert "claims/plan-works.html" in anew  # rendered again: its fingerprint changed
    assert {path.split("/")[1] for path in anew if path.startswith("pagefind/")} == {f"s{article}"}
    # The manifest lists the index kept for its words as it is.
    assert build(content, out, templates, keeping=warm).up_to_date
    clean = tmp_path / "clean"
    build_site(content, clean, templates, use_cache=False)
    assert stable(tree(out)) == stable(tree(clean))


def test_a_build_killed_right_after_the_swap_leaves_no_manifest_to_trust(project, monkeypatch):
    """With SOURCE_DATE_EPOCH every file has the same time, so only sizes tell files apart:
    the old manifest, had it stayed, would vouch for the new site's files after a revert."""
    content, templates, tmp_path = project
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    article = content / "articles" / "first-report.md"
    original = article.read_text(encoding="utf-8")
    edit(article, "Her spokesperson said", "Her spokesperzon said")  # the same length

    class KilledAfterTheSwap(OnDisk):  # before the new manifest is written
        def keep(self, *args):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(content, out, templates, search_index=False, keeping=KilledAfterTheSwap())
    assert "spokesperzon" in (out / "articles" / "first-report.html").read_text(encoding="utf-8")
    article.write_text(original, encoding="utf-8")
    assert not assert_same_as_clean(content, templates, tmp_path, out).up_to_date


def test_dependency_versions_read_from_folder_names_match_the_import_systems():
    """The fingerprint reads versions from .dist-info names (fast); they must be the ones
    importlib.metadata (slow to import) reports, or an upgrade would go unseen."""
    import importlib.metadata

    names = [*fingerprint.DEPENDENCIES, "PyYAML", "Jinja2", "pytest", "claimsite", "no-such-package"]
    expected = {}
    for name in names:
        try:
            expected[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            expected[name] = None
    assert fingerprint.installed_versions(names) == expected


def test_a_process_that_builds_again_keeps_what_it_made_in_memory(project, monkeypatch):
    """serve's builds: an unchanged article is not decoded again, the manifest is not written
    (the preview ends with the process), and the folder is updated in place: the files that
    changed are replaced, the others left as they are."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # files saved just now are trusted by their stat
    content, templates, tmp_path = project
    out, warm = tmp_path / "out", Warm()
    build(content, out, templates, search_index=False, keeping=warm)
    before = inodes(out)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    made = build(content, out, templates, search_index=False, keeping=warm)
    # only the article that changed is read; the other's record was kept as it was made
    assert made.had == {"first-report.md": "read", "second-report.md": "memory"}
    anew = rendered_anew(out, before)
    assert "articles/first-report.html" in anew
    assert {path for path in before if path.endswith(".html")} - anew  # the very same files
    assert not warm.retired
    warm.tidy()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
    assert_same_as_clean(content, templates, tmp_path, out, warm)
    assert not list((content.parent / cache.FOLDER).glob(f"{output.cache_name(out)}*.json"))


def test_a_failed_build_in_between_leaves_the_next_one_whole(project):
    content, templates, tmp_path = project
    out, warm = tmp_path / "out", Warm()
    build(content, out, templates, search_index=False, keeping=warm)
    article = content / "articles" / "first-report.md"
    good = article.read_text(encoding="utf-8")
    edit(article, "Her spokesperson said", "Her spokesman said")
    (content / "articles" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    with pytest.raises(ContentErrors):
        build(content, out, templates, search_index=False, keeping=warm)
    (content / "articles" / "broken.md").unlink()
    assert not assert_same_as_clean(content, templates, tmp_path, out, warm).up_to_date
    article.write_text(good, encoding="utf-8")
    assert not assert_same_as_clean(content, templates, tmp_path, out, warm).up_to_date


def test_a_build_that_fails_part_way_through_the_preview_leaves_the_next_one_whole(project, monkeypatch):
    """serve's preview is updated in place: a build that stops half-way leaves some files
    new, some old, some no page needs any more; the next build still gives a clean build's."""
    content, templates, tmp_path = project
    out, warm = tmp_path / "out", Warm()
    build(content, out, templates, search_index=False, keeping=warm)
    article = content / "articles" / "first-report.md"
    original = article.read_text(encoding="utf-8")
    make("add article", content, templates, monkeypatch)
    make("edit article text", content, templates, monkeypatch)
    written, real = [], output.write

    def fails_third(folder, path, data, replace=False):
        written.append(path)
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(folder, path, data, replace)

    monkeypatch.setattr(output, "write", fails_third)
    with pytest.raises(OutputError, match="^No space left.*: cannot write the site to "):
        build(content, out, templates, search_index=False, keeping=warm)
    monkeypatch.setattr(output, "write", real)
    assert {"articles/added.html", "articles/first-report.html"} == set(written[:2])
    assert (out / "articles" / "added.html").exists()
    # Both undone: the page of one is left over, the other's is new where the old was wanted.
    (content / "articles" / "added.md").unlink()
    article.write_text(original, encoding="utf-8")
    assert not assert_same_as_clean(content, templates, tmp_path, out, warm).up_to_date


def test_a_template_saved_during_a_build_and_saved_back_is_read_again(project, monkeypatch):
    """serve reuses its templates while the files are the same as when it read them; one
    read in a version saved during a build (after the build's fingerprint), then saved
    back, is read again, not reused."""
    content, templates, tmp_path = project
    page = templates / "claim.html"

    class SavedMeanwhile(Warm):  # the template saved while the build asks for its environment
        saving = False

        def environment(self, *args):
            if self.saving:
                edit(page, "data-pagefind-ignore>Sources</h2>",
                     "data-pagefind-ignore data-in-between>Sources</h2>")
            return super().environment(*args)

    out, warm = tmp_path / "out", SavedMeanwhile()
    build(content, out, templates, search_index=False, keeping=warm)
    edit(page, '{{ _("Reports") }}</h2>', "Sources</h2>")  # a change: the next build reads the templates
    good = page.read_text(encoding="utf-8")
    warm.saving = True
    build(content, out, templates, search_index=False, keeping=warm)
    warm.saving = False
    page.write_text(good, encoding="utf-8")  # saved back
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    assert_same_as_clean(content, templates, tmp_path, out, warm)
    assert "data-in-between" not in "".join(p.read_text(encoding="utf-8")
                                            for p in (out / "claims").glob("*.html"))


def test_the_cache_forgets_output_folders_that_are_gone(project):
    """A build into a folder later deleted (a temporary one) leaves its manifest behind only
    until the next build of any output (its empty lock file stays: removing a lock file is
    unsafe); one still present, or locked by a build, is kept."""
    content, templates, tmp_path = project
    cache_folder = content.parent / cache.FOLDER
    for name in ("kept", "gone", "busy"):
        build_site(content, tmp_path / name, templates, search_index=False)
    names = {name: output.cache_name(tmp_path / name) for name in ("kept", "gone", "busy")}
    shutil.rmtree(tmp_path / "gone")
    shutil.rmtree(tmp_path / "busy")
    with output.lock(cache_folder / (names["busy"] + ".lock"), tmp_path / "busy"):
        edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
        build_site(content, tmp_path / "kept", templates, search_index=False)
    left = {p.name for p in cache_folder.iterdir()}
    assert {n for n in left if n.startswith(names["gone"])} == {names["gone"] + ".lock"}
    for name in ("kept", "busy"):
        assert {names[name] + suffix for suffix in (".json", ".pieces.json", ".out", ".lock")} <= left


def test_a_link_in_the_cache_folder_is_replaced_never_written_through(project):
    """The cache folder is untrusted (it may be committed): a symbolic link planted under a
    name the build writes is replaced, and the file it points to is left as it was."""
    content, templates, tmp_path = project
    out = tmp_path / "out"
    folder = content.parent / cache.FOLDER
    folder.mkdir(exist_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    planted = [folder / (output.cache_name(out) + ".out"), folder / "made.json",
               folder / "seen.json", folder / ".gitignore"]
    for link in planted:
        link.symlink_to(victim)
    build_site(content, out, templates, search_index=False)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not any(link.is_symlink() for link in planted)


def test_a_template_saved_while_a_build_renders_does_not_leave_pages_behind(project, monkeypatch):
    """The plan reads a template for the pages' fingerprints before they render: a version
    saved in between must not be what renders them, or a later build would keep pages made
    from a version no fingerprint names."""
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    page = templates / "claim.html"
    good = page.read_text(encoding="utf-8")
    real_write = writer.Writer.write

    def saved_meanwhile(self, planned):
        edit(page, 'data-pagefind-ignore>{{ _("Reports") }}</h2>', 'data-pagefind-ignore data-in-between>{{ _("Reports") }}</h2>')
        return real_write(self, planned)

    monkeypatch.setattr(writer.Writer, "write", saved_meanwhile)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    build_site(content, out, templates, search_index=False)
    monkeypatch.setattr(writer.Writer, "write", real_write)
    page.write_text(good, encoding="utf-8")  # saved back
    assert_same_as_clean(content, templates, tmp_path, out)


def test_a_pipe_left_in_the_cache_folder_is_ignored_not_waited_on(project):
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    folder = content.parent / cache.FOLDER
    for name in ("seen.json", output.cache_name(out) + ".json", output.cache_name(out) + ".out"):
        (folder / name).unlink()
        os.mkfifo(folder / name)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    result = assert_same_as_clean(content, templates, tmp_path, out)  # would wait forever
    assert not result.up_to_date


@pytest.mark.parametrize("search_index", [False, True], ids=["no search", "search"])
def test_a_first_build_beside_a_site_built_before_links_its_unchanged_files(project, search_index,
                                                                           monkeypatch):
    """serve's first build starts from the site `build` made (the seed): what is unchanged
    is linked from it, not rendered, and the preview equals a clean build."""
    content, templates, tmp_path = project
    in_shards(content, monkeypatch)
    site = tmp_path / "_site"
    build_site(content, site, templates, search_index=search_index)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    preview, warm = tmp_path / "preview", Warm(seed=site)
    result = build(content, preview, templates, search_index=search_index, keeping=warm)
    linked = shared(preview, site)
    assert {"methodology.html", "claims/second-report-2.html"} <= linked  # the edit's untouched
    assert not search_index or any(path.startswith("pagefind/s") for path in linked)
    clean = tmp_path / "clean"
    everything = build_site(content, clean, templates, search_index=search_index, use_cache=False)
    assert result.rendered < everything.rendered
    assert stable(tree(preview)) == stable(tree(clean))
    # A site built with other options has nothing to give, and is let go at once: a build of
    # it may run while this one renders.
    seed_lock = output.lock_file(content.parent / cache.FOLDER, site)
    free = []
    real_write = writer.Writer.write

    def write(self, planned):
        fd = output.try_lock(seed_lock)
        free.append(fd is not None)
        if fd is not None:
            os.close(fd)
        return real_write(self, planned)

    monkeypatch.setattr(writer.Writer, "write", write)
    other = tmp_path / "other"
    build(content, other, templates, search_index=not search_index, keeping=Warm(seed=site))
    assert free == [True] and not shared(other, site)


def test_with_source_date_epoch_a_seed_is_not_shared(project, monkeypatch):
    """SOURCE_DATE_EPOCH sets every file's time: on files shared with the seed, that would
    change the seed's own files."""
    content, templates, tmp_path = project
    site = tmp_path / "_site"
    build_site(content, site, templates, search_index=False)
    times = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(content, tmp_path / "preview", templates, search_index=False, keeping=Warm(seed=site))
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == times
    assert not shared(tmp_path / "preview", site)


def test_a_site_being_built_is_not_taken_as_a_seed(project):
    content, templates, tmp_path = project
    site = tmp_path / "_site"
    build_site(content, site, templates, search_index=False)
    lock = output.lock_file(content.parent / cache.FOLDER, site)
    with output.lock(lock, site):  # a build of it under way: its files may change any moment
        result = build(content, tmp_path / "preview", templates, search_index=False, keeping=Warm(seed=site))
    assert not shared(tmp_path / "preview", site)
    assert result.rendered >= result.pages


def test_files_on_another_file_system_are_copied_with_their_times(project, monkeypatch):
    """Where a hard link cannot be made (the old site on another file system), an unchanged
    file is copied with its time, and the next build still sees it as unchanged."""
    content, templates, tmp_path = project
    site = tmp_path / "_site"
    build_site(content, site, templates, search_index=False)

    def no_link(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    preview = tmp_path / "preview"
    warm = Warm(seed=site)
    first = build(content, preview, templates, search_index=False, keeping=warm)
    assert first.rendered == 0  # every page copied from the seed
    clean = tmp_path / "clean"
    build_site(content, clean, templates, search_index=False, use_cache=False)
    assert tree(preview) == tree(clean)
    edit(content / "articles" / "first-report.md", "Her spokesperson said", "Her spokesman said")
    again = build(content, preview, templates, search_index=False, keeping=warm)
    assert 0 < again.rendered < first.pages  # the copies kept their times: still unchanged


def test_after_an_edit_only_its_claims_are_encoded_again_in_the_data_files(project, monkeypatch):
    """claims.json copies every other claim's piece from the previous file: the bytes would
    be the same either way, so this counts what is encoded."""
    content, templates, tmp_path = project
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)
    article = content / "articles" / "second-report.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    encoded = []
    real = exports.claim_record
    monkeypatch.setattr(exports, "claim_record",
                        lambda claim, content, interface: encoded.append(claim.id) or real(claim, content, interface))
    build_site(content, out, templates, search_index=False)
    claims = load_content(content).claims.values()
    reported = {c.id for c in claims if any(a.article.slug == "second-report" for a in c.appearances)}
    assert encoded and set(encoded) == reported and len(reported) < len(claims)
    monkeypatch.setattr(exports, "claim_record", real)
    clean = tmp_path / "clean"
    build_site(content, clean, templates, search_index=False, use_cache=False)
    assert tree(out) == tree(clean)


@pytest.mark.parametrize("change", ["edit article text", "add article", "delete article",
                                    "move claim to another speaker"])
def test_pages_first_then_the_rest_equals_a_clean_build(project, monkeypatch, change):
    """serve after a save: the pages at once, the data files and search indexes that changed
    as they were until the next build, which then gives exactly a clean build's site."""
    content, templates, tmp_path = project
    in_shards(content, monkeypatch)
    out, warm = tmp_path / "out", Warm()
    build(content, out, templates, keeping=warm)
    before = tree(out)
    make(change, content, templates, monkeypatch)
    first = pages_first(content, out, templates, warm=warm)
    warm.tidy()
    clean = tmp_path / "clean"
    build_site(content, clean, templates, use_cache=False)
    now, wanted = tree(out), tree(clean)
    assert {p: d for p, d in now.items() if p.endswith(".html")} == \
        {p: d for p, d in wanted.items() if p.endswith(".html")}
    assert {"claims.json", "claims.csv", "claims.db"} <= set(first.lagging)
    if change in ("edit article text", "move claim to another speaker"):
        # (an added or deleted article's shard may be new, built at once, or gone)
        assert any(name.startswith("pagefind/s") for name in first.lagging)
    for path in first.lagging:  # as they were, though not what a clean build makes
        assert {p: d for p, d in now.items() if p.startswith(path)} == \
            {p: d for p, d in before.items() if p.startswith(path)}
    assert stable(now) != stable(wanted)
    then = build(content, out, templates, keeping=warm)
    warm.tidy()
    assert not then.lagging and not then.up_to_date
    assert stable(tree(out)) == stable(wanted)
    assert build(content, out, templates, keeping=warm).up_to_date


def test_the_build_after_pages_first_keeps_every_article_made(project, monkeypatch):
    """The build that makes the lagging files reuses the plan of the one before; what it
    hands on (to the next save, and to the cache on disk) still holds every article."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # files saved just now are trusted by their stat
    content, templates, tmp_path = project
    out, warm = tmp_path / "out", Warm()
    build(content, out, templates, search_index=False, keeping=warm)
    make("edit article text", content, templates, monkeypatch)
    assert pages_first(content, out, templates, search_index=False, warm=warm).lagging
    warm.tidy()
    made = build(content, out, templates, search_index=False, keeping=warm)
    warm.tidy()
    assert not made.lagging and "load" not in made.timings  # the plan was the one before's
    edit(content / "articles" / "second-report.md", "— again.", "— once again.")
    made = build(content, out, templates, search_index=False, keeping=warm)
    warm.tidy()
    assert made.had == {"first-report.md": "memory", "second-report.md": "read"}  # only the edit
    other = build_site(content, tmp_path / "other", templates, search_index=False)  # a new process
    assert other.had == {"first-report.md": "cache", "second-report.md": "cache"}
    assert tree(tmp_path / "other") == tree(out)


def test_the_preview_updated_in_place_never_writes_into_the_site_it_started_from(project, monkeypatch):
    """The preview's unchanged files are the very files of `_site/` (hard links): a file
    that changes is replaced by a new one, never written into."""
    content, templates, tmp_path = project
    site = tmp_path / "_site"
    build_site(content, site, templates, search_index=False)
    before = tree(site)
    preview, warm = tmp_path / "preview", Warm(seed=site)
    build(content, preview, templates, search_index=False, keeping=warm)
    linked = shared(preview, site)
    assert {"articles/first-report.html", "claims.json"} <= linked
    make("edit article text", content, templates, monkeypatch)
    make("move claim to another speaker", content, templates, monkeypatch)
    build(content, preview, templates, search_index=False, keeping=warm)
    build(content, preview, templates, search_index=False, keeping=warm)  # nothing lagging: no-op
    warm.tidy()
    assert tree(site) == before
    assert {"articles/first-report.html", "claims.json"} & shared(preview, site) == set()


def test_an_index_that_failed_in_the_preview_leaves_nothing_in_the_next(project, monkeypatch):
    """Pagefind adds to the folder it writes into: what a failed run wrote there, or the
    pages it was given, must not end up in the next build's index or stop it."""
    content, templates, tmp_path = project
    in_shards(content, monkeypatch)
    out, warm = tmp_path / "out", Warm()
    build(content, out, templates, keeping=warm)
    pagefind = search.pagefind_command()
    failing = tmp_path / "pagefind-fails.sh"  # writes its index, then fails
    failing.write_text(f'#!/bin/sh\n"{pagefind}" "$@"\nexit 1\n', encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_command", lambda: str(failing))
    article = content / "articles" / "third.md"
    article.write_text(article.read_text(encoding="utf-8").replace("The third text.", "Zebra words."),
                       encoding="utf-8")
    with pytest.raises(OutputError, match="search index could not be built"):
        build(content, out, templates, keeping=warm)
    monkeypatch.setattr(search, "pagefind_command", lambda: pagefind)
    shard = search.shards(load_content(content))["articles/third.html"]
    (out / f".search-s{shard}").mkdir(exist_ok=True)  # as a failed link would leave it
    article.write_text(article.read_text(encoding="utf-8").replace("Zebra words.", "Other words."),
                       encoding="utf-8")
    build(content, out, templates, keeping=warm)
    warm.tidy()
    clean = tmp_path / "clean"
    build_site(content, clean, templates, use_cache=False)
    assert stable(tree(out)) == stable(tree(clean))
