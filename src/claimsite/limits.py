"""The limits the build puts on untrusted input, in one place (SECURITY.md lists them)."""

MAX_FILE_BYTES = 16 * 1024 * 1024  # a content file larger than this is refused unread
