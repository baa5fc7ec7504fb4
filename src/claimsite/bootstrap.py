"""Run a checkout's commands in an environment that has what pyproject.toml asks for.

`python3 build.py` and `python3 tests/run.py` must work on a fresh machine with only Python
and pip, Debian's own Python included, where pip refuses to install into the system
(PEP 668, "externally-managed-environment"). So before anything else they call
`run_with_requirements()`: if the running Python already has every package the project names, it is
used as it is (a developer's own virtual environment, CI after `pip install -e .`);
otherwise the project's virtual environment, `.venv/` beside pyproject.toml, is created or
brought up to date, and the command runs there. $CLAIMSITE_VENV names another folder for
it and makes it the only one used (.ci/run: a fresh one, whatever the machine has).

Standard library only: this runs before any dependency exists. The entry points load it by
file path (runpy), because importing the `claimsite` package would import those dependencies.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

# subprocess and tomllib are imported where used: every command starts here, and a build
# with nothing to do is over in less time than importing them all takes.

STAMP = "claimsite-install.json"  # in the environment: which pyproject.toml it was set up from
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class SetupError(Exception):
    """The environment could not be set up; the message says why and what to do."""


def run_with_requirements(root: Path, extras: tuple[str, ...], argv: list[str]) -> None:
    """Return if this Python has what `root`/pyproject.toml asks for (with `extras`);
    otherwise set up the project environment and run `argv` there instead (never returns)."""
    try:
        python = _interpreter(root, extras)
    except SetupError as err:
        _say(f"error: {err}")
        sys.exit(1)
    if python is None:
        return
    command = [python, *argv]
    if os.name == "posix":
        os.execv(python, command)
    import subprocess

    sys.exit(subprocess.call(command))


def _interpreter(root: Path, extras: tuple[str, ...]) -> str | None:
    """None to go on with this Python, else the environment's Python, set up to date."""
    if not (root / "pyproject.toml").is_file():
        return None  # a copy of the code alone (benchmarks/run.py makes one): nothing to set up
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    has_all = _installed(_names(project, extras))
    chosen = os.environ.get("CLAIMSITE_VENV")  # CI: this environment and no other
    env = Path(chosen or root / ".venv").absolute()
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = _stamp(root, extras)
    in_env = Path(sys.prefix).resolve() == env.resolve()
    if has_all and (_stamp_covers(env, stamp) if in_env else not chosen):
        return None  # ours, up to date, or someone's own environment with everything
    if not in_env and python.exists() and _stamp_covers(env, stamp):
        return str(python)  # ours is up to date: its own check runs when it starts
    if in_env and os.environ.get("CLAIMSITE_BOOTSTRAPPED") == str(env):
        raise SetupError(f"{env} was just set up but still lacks packages: delete it and run again")
    if not python.exists():
        _create(env, python)
    previous = _read_stamp(env)
    if previous.get("pyproject") == stamp["pyproject"]:  # keep the extras it already has
        stamp["extras"] = sorted(set(stamp["extras"]) | set(previous.get("extras") or []))
    target = f"{root}[{','.join(stamp['extras'])}]" if stamp["extras"] else str(root)
    _say(f"setting up {_shown(env, root)} with the packages in pyproject.toml "
         f"(pip install -e '{target}'); this happens once")
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-e", target], "pip could not install the packages (its message is above)")
    (env / STAMP).write_text(json.dumps(stamp) + "\n", encoding="utf-8")
    os.environ["CLAIMSITE_BOOTSTRAPPED"] = str(env)
    return str(python)


def _names(project: dict, extras: tuple[str, ...]) -> list[str]:
    requirements = list(project.get("dependencies", []))
    for extra in extras:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    return [_NAME.match(requirement.strip()).group() for requirement in requirements]


def _installed(names: list[str]) -> bool:
    return None not in installed_versions(names).values()


def installed_versions(names: list[str]) -> dict[str, str | None]:
    """{name: version, or None if not installed} for these distributions, as the import
    system would find them: the first `.dist-info` (or Debian's `.egg-info`) on sys.path,
    its version read from its metadata. Found by folder name: importing importlib.metadata
    alone takes longer than a build with nothing to do may."""
    wanted = {_normal(name) for name in names}
    found: dict[str, str] = {}  # normalised name -> version
    for entry in sys.path:
        try:
            listed = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listed:
            stem, dot, suffix = folder.rpartition(".")
            if not dot or suffix.lower() not in ("dist-info", "egg-info"):
                continue
            project = _normal(stem.partition("-")[0])
            if project in wanted and project not in found:
                found[project] = _metadata_version(Path(entry or ".", folder))
    return {name: found.get(_normal(name)) for name in names}


def _metadata_version(path: Path) -> str:
    """The Version: line of a distribution's metadata: METADATA in a `.dist-info`, PKG-INFO
    in an `.egg-info` folder, or the `.egg-info` file itself."""
    for file in (path / "METADATA", path / "PKG-INFO", path):
        try:
            with open(file, encoding="utf-8", errors="replace") as lines:
                for line in lines:
                    if line.startswith("Version:"):
                        return line.partition(":")[2].strip() or "?"
                    if not line.strip():
                        break  # the headers end at the first empty line
        except OSError:
            continue
    return "?"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _stamp(root: Path, extras: tuple[str, ...]) -> dict:
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    return {"pyproject": digest, "root": str(root), "extras": sorted(extras)}


def _read_stamp(env: Path) -> dict:
    try:
        stamp = json.loads((env / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _stamp_covers(env: Path, wanted: dict) -> bool:
    """The environment was set up from this pyproject.toml and checkout, with these extras."""
    stamp = _read_stamp(env)
    return (stamp.get("pyproject") == wanted["pyproject"] and stamp.get("root") == wanted["root"]
            and set(wanted["extras"]) <= set(stamp.get("extras") or []))


def _create(env: Path, python: Path) -> None:
    """A new virtual environment with pip in it, with or without Debian's python3-venv."""
    import subprocess

    made = subprocess.run([sys.executable, "-m", "venv", str(env)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if made.returncode == 0:
        return
    # Debian's and Ubuntu's Python leave out ensurepip (it is in python3-venv): make the
    # environment without pip, then have the system's pip put pip into it. --target installs
    # into a folder, which PEP 668 allows.
    _run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(env)],
         f"cannot create a virtual environment in {env}: {made.stderr.strip()}")
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    _run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "--root-user-action=ignore", "--target", site_packages, "pip"],
         "this Python has neither venv's pip nor pip of its own: install Debian's python3-venv"
         " (or python3-pip) once, then run the command again")


def _run(command: list[str], failure: str) -> None:
    import subprocess

    try:
        ran = subprocess.run(command)
    except OSError as err:
        raise SetupError(f"{failure} ({err})") from None
    if ran.returncode != 0:
        raise SetupError(failure)


def _shown(path: Path, root: Path) -> str:
    try:
        return f"{path.relative_to(root.absolute())}/"
    except ValueError:
        return f"{path}/"


def _say(message: str) -> None:
    print(f"claimsite: {message}", file=sys.stderr, flush=True)
