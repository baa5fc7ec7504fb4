"""The limits the build puts on untrusted input, in one place (SECURITY.md lists them).

Each is far above what a real article needs, and low enough that no file can make a build
run out of memory or time; `check` reports a file past one as `path:line`.
"""

# A content file larger than this is refused unread. 4 MB is some 600,000 words, past any
# report or transcript, and the most text the build turns into a page in under 10 s (Markdown,
# nh3 and the highlighter are linear but take 1.5-2 s a MB; SECURITY.md has the figures).
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_YAML_VALUES = 200_000  # values one front matter may expand to (YAML aliases included)
MAX_CLAIMS = 5_000  # claims in one article (each quote is looked for in its text)
MAX_QUOTE_CHARS = 5_000  # characters in one quote (a long passage is quoted in parts)
MAX_KEY_CHARS = 100  # characters in a key: it becomes a file name (at most 255 bytes)
# Looking for a quote reads the article's text once: quotes x characters of text, at most.
MAX_QUOTE_SCAN = 1_000_000_000
# Python-Markdown's work on an article text (markup.py measures each; SECURITY.md has the
# upstream cases). Quotes and lists rarely nest past 3 in print; each level copies its block
# and recurses, so 2,000 levels crash and 3,000 take gigabytes.
MAX_NESTING = 16
# Paragraphs, block lines and inline marks: each element costs Markdown tens of microseconds
# and about a kilobyte, and its list of blocks is emptied from the front (quadratic). A long
# report has a few thousand; 20,000 take Markdown 1-2 s.
MAX_MARKDOWN_ELEMENTS = 20_000
# Each inline match rebuilds its paragraph's string: marks x paragraph length, summed over
# paragraphs (characters copied, about 2 ns each: 2 s). A 1 MB text of 2,000-character
# paragraphs with a mark every 20 characters is 10^8.
MAX_INLINE_WORK = 1_000_000_000
# Characters read in Python loops (100-200 ns each) to find the end of a `[`, `](` or HTML
# tag: a link's text and address once each, but to the paragraph's (the text's) end for each
# one left open. Links in a long report read a few hundred thousand; 10^6 take 0.5-1 s.
MAX_OPEN_SCAN = 1_000_000
# Each raw HTML tag copies the text after it (about 1 ns a character): tags x text length.
# 10,000 tags in a 100 KB text are 10^9; two tags in a 4 MB one are 8 x 10^6.
MAX_HTML_WORK = 2_000_000_000
# Quotes of one article that overlap others (nested quotes of the same words) are placed by
# stepping past each span they overlap: at most this many steps per article, then the rest
# of them is left unmarked (as a quote found only inside another already is).
MAX_OVERLAP_TRIES = 100_000
# Figures and word-by-word comparisons a claim's page lists: a claim reported hundreds of
# times would otherwise list every figure with every report giving it (reports x figures).
MAX_FIGURE_NOTES = 20
MAX_WORD_DIFFS = 20
