"""claims.json and claims.csv are made of a piece per claim; a build after an edit copies the
unchanged pieces from the previous file. What is copied must be exactly what would be made."""

from __future__ import annotations

from types import SimpleNamespace

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
    second = Pieces({**keys, "b": "kb2", "d": "kd"}, str(tmp_path / "old.json"), first.spans)
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
    pieces = Pieces({"a": "ka", "b": "kb"}, str(tmp_path / "old.json"), spans)
    assert assemble(pieces, "a", "b") == b'[\n{"id": "a"},\n{"id": "b"}\n]\n'
    # Nor a missing or empty old file.
    (tmp_path / "empty.json").write_bytes(b"")
    for missing in ("gone.json", "empty.json"):
        pieces = Pieces({"a": "ka"}, str(tmp_path / missing), {"a": ["ka", 0, 3]})
        assert assemble(pieces, "a") == b'[\n{"id": "a"}\n]\n'
