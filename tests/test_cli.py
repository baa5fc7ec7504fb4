"""The editor's commands: new, check, quiet/verbose output, the progress bar."""

from __future__ import annotations

import functools
import os
import pty
import subprocess
import sys
import threading

from claimsite.cli import Output, main

from .conftest import REPO


def test_new_then_check_lists_exactly_the_placeholders(site, capsys):
    site()
    assert main(["new", "Kremlin: talks are “possible”", "--outlet", "daily",
                 "--date", "2024-06-19", "--url", "https://daily.example.org/k"]) == 0
    assert "wrote content/articles/2024-06-19-kremlin-talks-are-possible.md" in capsys.readouterr().out
    assert main(["check"]) == 1
    path = "content/articles/2024-06-19-kremlin-talks-are-possible.md"
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:11: id is still a placeholder: Same id in another article = the same claim.",
        f"{path}:12: speaker is still a placeholder: Key or alias of the speaker in content/people.yaml.",
        f"{path}:14: assertion is still a placeholder: Neutral one-sentence paraphrase; required once per claim id.",
        f"{path}:15: quote is still a placeholder: The words exactly as this article prints them.",
        f"{path}:19: the article text is still a placeholder: paste the text below the front matter",
        "5 problems found; nothing was written.",
    ]


def test_new_never_overwrites_and_asks_for_the_date_it_does_not_know(site, capsys):
    content = site()
    assert main(["new", "Same title"]) == 0
    assert main(["new", "Same title"]) == 0
    assert "note: content/articles/same-title.md exists already" in capsys.readouterr().out
    assert sorted(p.name for p in (content / "articles").glob("same-title*")) == \
        ["same-title-2.md", "same-title.md"]
    text = (content / "articles" / "same-title.md").read_text(encoding="utf-8")
    assert "published: TODO" in text and "\nurl:" not in text  # no URL invented


def test_new_rejects_a_bad_url_or_date(site, capsys):
    site()
    assert main(["new", "T", "--url", "javascript:alert(1)"]) == 1
    assert main(["new", "T", "--date", "June 2024"]) == 1
    err = capsys.readouterr().err
    assert "--url must be an http:// or https:// address" in err and "--date 'June 2024'" in err


def test_quiet_prints_nothing_on_success_and_verbose_prints_the_steps(site, tmp_path, capsys):
    content = site()
    args = ["--content", str(content), "--templates", str(REPO / "templates"), "build",
            "--no-search"]
    assert main([*args, "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main([*args, "--out", str(tmp_path / "b"), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "Built 2 articles" in out and "load" in out and "render" in out
    assert "0 article files read and checked, 2 taken from the cache" in out  # built in "a"


def build_command(content, out):
    return [sys.executable, str(REPO / "build.py"), "--content", str(content), "--templates",
            str(REPO / "templates"), "--out", str(out), "--no-search"]


def test_build_py_exits_with_the_build_s_code_and_everything_it_said(site, tmp_path):
    """build.py ends without the interpreter's teardown (os._exit): its exit code and its
    last words must still come out whole."""
    content = site()
    done = subprocess.run(build_command(content, tmp_path / "a"), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0 and done.stdout.startswith("Built 2 articles")
    assert done.stdout.endswith("\n") and done.stderr == ""
    (content / "articles" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    failed = subprocess.run(build_command(content, tmp_path / "b"), capture_output=True, text=True,
                            timeout=300)
    assert failed.returncode == 1 and "broken.md:2:" in failed.stderr
    assert failed.stderr.rstrip().endswith("nothing was written.") and "Traceback" not in failed.stderr


def on_a_terminal(monkeypatch, run) -> str:
    """What `run()` writes to stderr when stderr is a terminal (a pseudo-terminal, read
    while it writes, so a full one never holds the build up)."""
    leader, follower = pty.openpty()
    said = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            said.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with open(follower, "w", encoding="utf-8") as terminal, monkeypatch.context() as patch:
            patch.setattr(sys, "stderr", terminal)
            run()
    finally:
        reader.join(timeout=30)
        os.close(leader)
    return b"".join(said).decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal(site, tmp_path, monkeypatch, capsys):
    """The bar shows on a terminal once a build has run `bar_after` seconds (one, for
    build.py): given here, so the test needs no build long enough to pass a second."""
    content = site()
    monkeypatch.delenv("CI", raising=False)
    args = ["--content", str(content), "--templates", str(REPO / "templates"), "build",
            "--no-search"]
    at_once = functools.partial(Output, bar_after=0)

    text = on_a_terminal(monkeypatch, lambda: main([*args, "--out", str(tmp_path / "a")], at_once))
    assert "[#" in text and " pages" in text
    assert capsys.readouterr().out.startswith("Built ")
    # Not for a build shorter than bar_after, nor when stderr is piped, nor in CI.
    later = functools.partial(Output, bar_after=3600)
    assert on_a_terminal(monkeypatch, lambda: main([*args, "--out", str(tmp_path / "b")], later)) == ""
    assert main([*args, "--out", str(tmp_path / "c")], at_once) == 0
    assert "[#" not in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    assert on_a_terminal(monkeypatch, lambda: main([*args, "--out", str(tmp_path / "d")], at_once)) == ""


def test_new_transliterates_a_title_in_another_alphabet_and_knows_the_outlets(site, capsys):
    content = site()
    assert main(["new", "Столтенберг: Путін залежить від авторитарних режимів", "--outlet",
                 "The Daily Example"]) == 0
    assert (content / "articles" / "stoltenberg-putin-zalezhit-vid-avtoritarnikh-rezhimiv.md").is_file()
    assert main(["new", "Another", "--outlet", "dialy"]) == 1
    assert "--outlet: unknown outlet 'dialy'; did you mean 'daily'?" in capsys.readouterr().err


def test_new_says_how_to_add_an_outlet_it_does_not_know(site, capsys):
    """An editor told only "unknown" is stuck: the message shows the lines to add, and
    those lines make the outlet known (issue 25, 7)."""
    content = site()
    assert main(["new", "A report", "--outlet", "dialy"]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'daily'? If it is another outlet, add it to content/outlets.yaml first" in err
    assert main(["new", "A report", "--outlet", "Kyiv Independent"]) == 1
    err = capsys.readouterr().err
    assert "unknown outlet 'Kyiv Independent'. Add it to content/outlets.yaml first, e.g.:" in err
    example = err[err.index("e.g.:\n") + 6:]
    assert example.startswith('kyiv-independent:\n  name: "Kyiv Independent"\n')
    with open(content / "outlets.yaml", "a", encoding="utf-8") as registry:
        registry.write(example)
    assert main(["new", "A report", "--outlet", "kyiv-independent"]) == 0
    assert 'outlet: "kyiv-independent"' in (content / "articles" / "a-report.md").read_text(encoding="utf-8")
    assert main(["check"]) == 1  # the article's TODOs, not the outlet
    assert "outlets.yaml" not in capsys.readouterr().err
