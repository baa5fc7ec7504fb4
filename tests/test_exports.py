"""claims.json and claims.csv are made of a piece per claim; a build after an edit copies the
unchanged pieces from the previous file. What is copied must be exactly what would be made."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from claimsite.exports import Pieces


def claims(*ids: str) -> list:
    return [SimpleNamespace(id=i) for i in ids]


def make(claim) -> bytes:
    return f'{{"id": "{claim.id}"}}'.encode()


def assemble(pieces: Pieces, *ids: str) -> bytes:
    return b"".join(pieces.assemble(b"[\n", claims(*ids), make, separator=b",\n", tail=b"\n]\n"))


def test_unchanged_pieces_are_copied_and_the_rest_made(tmp_path):
    keys = {"a": "ka", "b": "kb", "c": "kc"}
    first = Pieces(keys)
    old = assemble(first, "a", "b", "c")
    (tmp_path / "old.json").write_bytes(old)
    assert old == b'[\n{"id": "a"},\n{"id": "b"},\n{"id": "c"}\n]\n'

    made = []

    def counting(claim) -> bytes:
        made.append(claim.id)
        return make(claim)

    # b changed (new key), d is new, a and c are copied (in a new order).
    second = Pieces({**keys, "b": "kb2", "d": "kd"}, str(tmp_path / "old.json"), len(old), first.spans)
    new = b"".join(second.assemble(b"[\n", claims("c", "b", "a", "d"), counting,
                                   separator=b",\n", tail=b"\n]\n"))
    assert new == b'[\n{"id": "c"},\n{"id": "b"},\n{"id": "a"},\n{"id": "d"}\n]\n'
    assert made == ["b", "d"]
    # The new spans find each piece in the new file.
    for claim_id, (key, start, end) in second.spans.items():
        assert new[start:end] == make(SimpleNamespace(id=claim_id))


def test_spans_that_do_not_fit_the_old_file_are_not_trusted(tmp_path):
    (tmp_path / "old.json").write_bytes(b"short")
    spans = {"a": ["ka", 0, 999], "b": ["kb", 3, 1]}
    pieces = Pieces({"a": "ka", "b": "kb"}, str(tmp_path / "old.json"), 5, spans)
    assert assemble(pieces, "a", "b") == b'[\n{"id": "a"},\n{"id": "b"}\n]\n'
    # Nor a missing or empty old file, nor one of another size than the caller checked.
    (tmp_path / "empty.json").write_bytes(b"")
    for missing, size in (("gone.json", 3), ("empty.json", 0), ("old.json", 4)):
        pieces = Pieces({"a": "ka"}, str(tmp_path / missing), size, {"a": ["ka", 0, 3]})
        assert assemble(pieces, "a") == b'[\n{"id": "a"}\n]\n'


def test_an_old_file_swapped_for_a_link_or_a_pipe_is_not_read(tmp_path):
    secret = tmp_path / "secret"
    secret.write_bytes(b"SECRET")
    (tmp_path / "link.json").symlink_to(secret)
    os.mkfifo(tmp_path / "pipe.json")
    for name in ("link.json", "pipe.json"):
        pieces = Pieces({"a": "ka"}, str(tmp_path / name), 6, {"a": ["ka", 0, 6]})
        assert assemble(pieces, "a") == b'[\n{"id": "a"}\n]\n'  # made, and no hang


def test_a_mistake_while_assembling_is_reported_as_itself(tmp_path):
    (tmp_path / "old.json").write_bytes(b"x" * 10)

    def broken(claim) -> bytes:
        raise ValueError("the real problem")

    pieces = Pieces({"a": "ka"}, str(tmp_path / "old.json"), 10, {"a": ["other", 0, 3]})
    with pytest.raises(ValueError, match="the real problem"):
        b"".join(pieces.assemble(b"", claims("a"), broken))
