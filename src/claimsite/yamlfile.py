"""YAML that remembers where each value came from.

PyYAML's `safe_load` forgets line numbers and silently keeps the last of two duplicate keys.
We compose the node tree (with the C parser when libyaml is present) and build plain Python
values ourselves: mappings become `Mapping`, a dict that also knows the line of each key;
sequences become `Sequence`, a list that knows the line of each item.
"""

from __future__ import annotations

import re

import yaml

from .errors import ContentError, ContentErrors
from .limits import MAX_YAML_VALUES

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)")

# A front matter holds a few dozen values; aliases can multiply a small file into billions
# ("billion laughs"). Past this many values the file is rejected instead of expanded.
MAX_VALUES = MAX_YAML_VALUES
# Where a file nested deeper than Python can compose is reported (front matter needs about 4).
MAX_DEPTH = 100


class Mapping(dict):
    line: int = 1
    lines: dict

    def line_of(self, key: object) -> int:
        return self.lines.get(key, self.line)


class Sequence(list):
    line: int = 1
    lines: list

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def load(text: str, path: str, first_line: int = 1, duplicates: list | None = None) -> object:
    """Parse one YAML document. `first_line` is the file line where `text` starts.

    Raises ContentError (with the file's line) for syntax errors, unsupported tags and
    alias bombs; ContentErrors listing every duplicate key (the first value is kept), unless
    a `duplicates` list is given: they are added to it and the value is returned.
    Dates YAML cannot build (2024-02-30) stay text, for the date check to report.
    """
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        last_line = len(text.rstrip().split("\n")) + offset
        if line > last_line:
            # The parser ran into the end of the front matter: point at what was left open.
            context = err.context_mark.line + 1 + offset if err.context_mark else last_line
            line = context if context <= last_line else last_line
        problem = err.problem or err.context or "invalid YAML"
        hint = ""
        source_line = (text.split("\n")[mark.line:mark.line + 1] or [""])[0] if mark else ""
        if "\t" in source_line:
            hint = " (a tab: indent YAML with spaces)"
        elif ": " in source_line.partition(": ")[2]:
            # The usual cause: a value that itself holds ": " (a headline, a quote).
            hint = " (is there a ': ' inside a value? put the whole value in quotes)"
        return _raise(path, line, f"invalid YAML: {problem}{hint}")
    except yaml.YAMLError as err:
        return _raise(path, first_line, f"invalid YAML: {err}")
    except RecursionError:
        return _raise(path, _too_deep_line(text, offset) or first_line, "invalid YAML: nested too deeply")
    if node is None:
        return None
    builder = _Builder(path, offset)
    try:
        value = builder.build(node)
    except RecursionError:
        return _raise(path, _too_deep_line(text, offset) or first_line, "invalid YAML: nested too deeply")
    if builder.duplicates and duplicates is None:
        raise ContentErrors(builder.duplicates)
    if duplicates is not None:
        duplicates.extend(builder.duplicates)
    return value


def _too_deep_line(text: str, offset: int) -> int:
    """The line where nesting passes MAX_DEPTH, read from the parser's events.

    Composing a node tree recurses once per level, so a deep file ends in RecursionError with
    no position; the event stream is flat, and its marks say where the nesting went too deep.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 + offset
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass
    return 0


def _raise(path: str, line: int, message: str):
    raise ContentError(path, line, message)


class _Builder:
    def __init__(self, path: str, offset: int) -> None:
        self.path = path
        self.offset = offset
        self.count = 0
        self.duplicates: list[ContentError] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            _raise(self.path, self.line(node),
                   f"YAML expands to more than {MAX_VALUES:,} values (alias bomb?)")
        if isinstance(node, yaml.MappingNode):
            self.plain_tag(node, "map")
            return self.mapping(node)
        if isinstance(node, yaml.SequenceNode):
            self.plain_tag(node, "seq")
            result = Sequence(self.build(item) for item in node.value)
            result.line = self.line(node)
            result.lines = [self.line(item) for item in node.value]
            return result
        return self.scalar(node)

    def plain_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != f"tag:yaml.org,2002:{expected}":
            _raise(self.path, self.line(node), f"unsupported YAML tag {node.tag}")

    def mapping(self, node: yaml.MappingNode) -> Mapping:
        result = Mapping()
        result.line = self.line(node)
        result.lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                _raise(self.path, self.line(key_node), "YAML merge keys (<<) are not supported")
            key = self.build(key_node)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                _raise(self.path, self.line(key_node), "a key must be a plain word")
            # A key is the text as written: `false:` or `2024:` is a key, not a boolean or a number.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key)
            if key in result:
                self.duplicates.append(ContentError(
                    self.path, self.line(key_node),
                    f"duplicate key '{key}' (first at line {result.lines[key]})"))
                continue
            result.lines[key] = self.line(key_node)
            result[key] = self.build(value_node)
        return result

    def scalar(self, node: yaml.ScalarNode) -> object:
        construct = self.constructor.yaml_constructors.get(node.tag)
        if construct is None:
            _raise(self.path, self.line(node), f"unsupported YAML tag {node.tag}")
        if node.tag == _INT and not node.style and not _DECIMAL.fullmatch(node.value):
            # YAML 1.1 reads 17:30 as base 60 (1050), 02024 as octal, 0x7e8 as hex: no
            # editor means that. Keep what was written; the field's check judges it.
            return node.value
        try:
            return construct(self.constructor, node)
        except Exception as err:  # PyYAML's constructors raise all kinds on `!!int ''` etc.
            if node.tag.endswith(":timestamp"):
                return node.value  # e.g. 2024-02-30: the date check names the field
            _raise(self.path, self.line(node), f"invalid value {node.value!r}: {err}")
