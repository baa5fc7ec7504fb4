"""The limits the build puts on untrusted input, in one place (SECURITY.md lists them).

Each is far above what a real article needs, and low enough that no file can make a build
run out of memory or time; `check` reports a file past one as `path:line`.
"""

MAX_FILE_BYTES = 16 * 1024 * 1024  # a content file larger than this is refused unread
MAX_YAML_VALUES = 200_000  # values one front matter may expand to (YAML aliases included)
MAX_CLAIMS = 5_000  # claims in one article (each quote is looked for in its text)
MAX_QUOTE_CHARS = 5_000  # characters in one quote (a long passage is quoted in parts)
MAX_KEY_CHARS = 100  # characters in a key: it becomes a file name (at most 255 bytes)
# Looking for a quote reads the article's text once: quotes x characters of text, at most.
MAX_QUOTE_SCAN = 1_000_000_000
