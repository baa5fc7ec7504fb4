"""Reading content files as untrusted input: where each problem is reported, and how.

Every problem goes into one `Problems` list as `path:line: message`, so a run reports them
all at once. A file is read only if it is a regular file inside the content folder and not
larger than MAX_FILE_BYTES; its text must be UTF-8 without NUL characters; YAML keeps the
line of every value (yamlfile.py); each mapping is checked against its field table
(schema.py), with a "did you mean" for unknown fields.
"""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path
from stat import S_ISLNK, S_ISREG

from . import schema, yamlfile
from .cache import open_regular
from .errors import ContentError, ContentErrors
from .limits import MAX_FILE_BYTES


class Problems:
    """Collects every ContentError of one run."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.errors.append(ContentError(path, line, message))

    def extend(self, error: ContentError | ContentErrors) -> None:
        self.errors.extend(error.errors if isinstance(error, ContentErrors) else [error])


def shown_path(path: str | os.PathLike) -> str:
    """The path as messages print it: relative to the working folder where possible."""
    path = os.fspath(path)
    cwd = os.getcwd()
    folder, name = os.path.split(path)
    # Worked out once per folder (relpath per file costs more than reading it from the
    # cache), when the folder is inside the working folder.
    if not name:
        return _relative(cwd, path) or path
    shown = _relative(cwd, folder or ".")
    if shown is None:  # outside the working folder, and so is every file in it
        return path
    return name if shown == "." else os.path.join(shown, name)


def absolute(path: Path) -> str:
    """The path made absolute, not normalised, as Path.absolute() gives it, in a fraction
    of its time (this runs per article)."""
    return os.fspath(path) if path.is_absolute() else os.path.join(os.getcwd(), path)


@functools.lru_cache(maxsize=64)
def _relative(cwd: str, path: str) -> str | None:
    """`path` relative to `cwd`, or None if it is not inside it."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return None
    return None if rel.startswith("..") else rel


def checked_stat(path: Path, root: Path, problems: Problems) -> os.stat_result | None:
    """The file's stat, if it is a regular file inside the content folder and not too big."""
    try:
        stat = os.lstat(path)  # (a file that is no link has the stat of what it names: one call)
    except OSError:
        stat = None
    if stat is not None and S_ISLNK(stat.st_mode):
        try:
            inside = path.resolve().is_relative_to(root.resolve())
        except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
            inside = False
        if not inside:
            problems.add(shown_path(path), 1, "is a symbolic link to outside the content folder")
            return None
        try:
            stat = path.stat()
        except OSError:
            stat = None
    if stat is None or not S_ISREG(stat.st_mode):
        problems.add(shown_path(path), 1, "file not found" if not path.exists() else "is not a file")
        return None
    if stat.st_size > MAX_FILE_BYTES:
        problems.add(shown_path(path), 1, f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
        return None
    return stat


def read_text(path: Path, root: Path, problems: Problems, data: bytes | None = None) -> str | None:
    """The file's text with a BOM dropped and line endings made `\\n`, or None on a problem.
    `data`: its bytes as this build read them already (the one read that counts)."""
    if checked_stat(path, root, problems) is None:
        return None
    if data is None:
        data = read_checked(path, problems)
    return None if data is None else decode(data, shown_path(path), problems)


def read_checked(path: Path, problems: Problems) -> bytes | None:
    """The bytes of a file checked_stat passed, or None with the problem reported: only a
    regular file is opened (it may have become a pipe or gone since it was checked)."""
    try:
        with os.fdopen(open_regular(path), "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        why = err.strerror or "no longer a regular file"
        problems.add(shown_path(path), 1, f"changed while the build read it ({why}); build again")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(shown_path(path), 1, f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
        return None
    return data


def decode(data: bytes, shown: str, problems: Problems) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.add(shown, line, f"not UTF-8 text (byte 0x{data[err.start]:02x}); "
                                  "save the file as UTF-8")
        return None
    if "\x00" in text:
        problems.add(shown, text.count("\n", 0, text.index("\x00")) + 1,
                     "contains a NUL character; is this a binary file?")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml_file(path: Path, root: Path, problems: Problems, data: bytes | None = None) -> object:
    text = read_text(path, root, problems, data)
    if text is None:
        return None
    try:  # a duplicate key is reported, and the file still read (its first value kept)
        return yamlfile.load(text, shown_path(path), duplicates=problems.errors)
    except (ContentError, ContentErrors) as err:
        problems.extend(err)
        return None


def check_fields(mapping: yamlfile.Mapping, fields: dict, path: str, what: str,
                  problems: Problems) -> dict:
    """Check a mapping against a field table; return {field: clean value} for valid fields."""
    clean = {}
    for key, value in mapping.items():
        line = mapping.line_of(key)
        field = fields.get(key)
        if field is None:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else \
                f" (known fields: {', '.join(fields)})"
            problems.add(path, line, f"unknown field '{key}' in {what}{hint}")
            continue
        if field.kind in ("claims", "names", "topics"):
            clean[key] = value
            continue
        if field.kind == "verdict":
            if not isinstance(value, yamlfile.Mapping):
                problems.add(path, line, f"{key} must be fields (rating: ..., reviewer: ...)")
            else:
                clean[key] = check_fields(value, schema.VERDICT, path, "verdict", problems)
            continue
        if field.kind == "corrections":
            if not isinstance(value, yamlfile.Sequence) or \
                    not all(isinstance(item, yamlfile.Mapping) for item in value):
                problems.add(path, line, f"{key} must be a list of corrections "
                                         "(each starting with '- date: ...')")
            else:
                clean[key] = [check_fields(item, schema.CORRECTION, path, "correction", problems)
                              for item in value]
            continue
        if value is None and not field.required:
            continue
        if isinstance(value, str) and value.startswith(schema.PLACEHOLDER):
            problems.add(path, line, f"{key} is still a placeholder: {field.help}")
            continue
        result, problem = schema.check_value(field, value)
        if problem:
            problems.add(path, line, f"{key} {problem}")
        else:
            clean[key] = result
    for key, field in fields.items():
        if field.required and key not in mapping:
            problems.add(path, mapping.line, f"missing required field '{key}' in {what}")
    return clean
