"""Who said a quotation, from the reporting verb and punctuation around it.

In order: the words after a quotation that leads on to them ("...,” he said", "», –
отметил Столтенберг"); "according to X" / "за словами X" / "по словам X" before it; a
reporting verb before it in the same sentence with its subject ("Kim, who met Putin,
called for “...”") or after it ("stated Jens Stoltenberg: “...”"). "He", "вона", "the
official", "генсек" point back to the last person the text names as a subject before them:
that attribution is marked inferred, with its basis. A quotation standing alone as a
sentence continues the speech of the quotation before it (inferred too).

Quotations are masked while reading (their words are the speaker's, not the report's),
and every look is bounded (a sentence, a few paragraphs back), so the work per quotation
does not grow with the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .names import Mention, NameFinder
from .quotations import Lines, Paragraph, Quotation
from .quotes import fold
from .reporting import (ACCORDING, ARTICLES, BETWEEN, OBJECT_PRONOUNS, PREPOSITIONS, PRONOUNS,
                        ROLE_WORDS, TOKEN, VIA, is_verb)

_SENTENCE_END = set(".!?…")
_NOT_SPACE = re.compile(r"\S")
_DASHES = set("-—–")
_THAT = frozenset("that що что".split())
LOOK_BACK_TOKENS = 120  # how far back a sentence's start is looked for
LOOK_BACK_PARAGRAPHS = 6  # how far back "he" looks for the person it means
LOOK_BACK_MENTIONS = 50  # and how many names it passes in each paragraph
KEPT_VIEWS = 2 * LOOK_BACK_PARAGRAPHS  # paragraphs kept read (memory bounded in a huge text)


@dataclass
class Attribution:
    key: str = ""  # the speaker's key in people.yaml
    printed: str = ""  # the name as printed, when people.yaml does not have it
    inferred: str = ""  # the basis, when the report does not name the speaker with the words
    cue: str = ""  # the attributing words as printed


@dataclass
class _View:
    """One paragraph with its quotations masked: tokens, folded tokens, mentions."""

    index: int  # of the paragraph
    start: int
    text: str
    tokens: list  # re.Match per token, offsets in `text`
    folded: list[str]
    starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]
    mention_ends: dict[int, Mention]  # last token index -> mention


class Attributor:
    def __init__(self, body: str, paragraphs: list[Paragraph], quotations: list[Quotation],
                 finder: NameFinder) -> None:
        self.body, self.paragraphs, self.quotations, self.finder = body, paragraphs, quotations, finder
        self.people = finder.people
        self.lines = Lines(body)
        self.by_paragraph: dict[int, list[Quotation]] = {}
        for quotation in quotations:
            self.by_paragraph.setdefault(quotation.paragraph, []).append(quotation)
        self._views: dict[int, _View] = {}
        self._found: dict[int, Attribution | None] = {}

    def attribute(self, index: int) -> Attribution | None:
        """The speaker of quotations[index]; None when nothing attributes it (a term in
        quotation marks, a title)."""
        if index not in self._found:
            found = self._attribute(index)
            self._found[index] = None if found is _VIA else found
        return self._found[index]

    def _attribute(self, index: int) -> Attribution | None:
        quotation = self.quotations[index]
        view = self.view(quotation.paragraph)
        kind = quotation.kind
        found = None
        if kind == "block":
            if quotation.paragraph + 1 < len(self.paragraphs):
                found = self._after(self.view(quotation.paragraph + 1), 0)
        elif kind in ("closing-only", "dash", "unmarked"):
            end = quotation.close_at + 1 if quotation.close_at >= 0 else quotation.end
            found = self._after(view, self._token_at(view, end - view.start))
        else:
            if quotation.close_at >= 0 and _leads_on(self.body, quotation):
                found = self._after(view, self._token_at(view, quotation.close_at + 1 - view.start))
            if found is None:
                found = self._before(view, self._token_at(view, quotation.open_at - view.start))
        if found is None and index and self._stands_alone(view, quotation):
            previous = self.quotations[index - 1]
            if previous.paragraph >= quotation.paragraph - 1:
                earlier = self.attribute(index - 1)
                if earlier is not None and (earlier.key or earlier.printed):
                    same = previous.paragraph == quotation.paragraph and kind == previous.kind == "dash"
                    basis = "" if same else (
                        f"The quotation stands alone; it follows words the report attributes to "
                        f"{self._name(earlier)} (line {self._line(previous.start)}).")
                    found = Attribution(earlier.key, earlier.printed, basis or earlier.inferred,
                                        earlier.cue)
        return found

    # --- reading around a quotation ---------------------------------------------------

    def _after(self, view: _View, at: int) -> Attribution | None:
        """Attribution in the words from token `at`: ", he said", "– отметил Столтенберг"."""
        tokens, end = view.folded, min(len(view.folded), at + 12)
        while at < end and (tokens[at] == "," or tokens[at] in _DASHES):
            at += 1
        if at < end and is_verb(tokens, at):
            return self._subject_after(view, at, end)
        for verb in range(at + 1, min(end, at + 7)):
            if not tokens[verb - 1][0].isalnum() and tokens[verb - 1] != "-":
                return None
            if is_verb(tokens, verb):
                return self._subject_before(view, verb, at)
        return None

    def _before(self, view: _View, opening: int) -> Attribution | None:
        """Attribution earlier in the quotation's sentence."""
        start = self._sentence_start(view, opening)
        tokens = view.folded
        for i in range(opening - 2, start - 1, -1):  # according to X, за словами X
            if (tokens[i], tokens[i + 1]) in ACCORDING or (
                    i + 2 < opening and (tokens[i], tokens[i + 2]) in ACCORDING
                    and tokens[i + 1] in OBJECT_PRONOUNS):
                after = i + 2
                while after < opening and tokens[after] in ARTICLES:
                    after += 1
                if after < opening and tokens[after] in OBJECT_PRONOUNS or tokens[i + 1] in OBJECT_PRONOUNS:
                    pronoun = after if tokens[after] in OBJECT_PRONOUNS else i + 1
                    return self._refers_back(view, pronoun)
                mention = self._mention_at(view, after)
                if mention is not None:
                    return self._known(view, mention)
        verbs = [i for i in range(opening - 1, start - 1, -1) if is_verb(tokens, i)]
        for verb in verbs:
            found = self._subject_before(view, verb, start) or \
                self._subject_after(view, verb, opening)
            if found is not None and found is not _VIA:
                return found
        if verbs:  # "North Korea has ..., blaming the war on “...”": the sentence's subject
            for mention in view.mentions:
                first = bisect_left(view.starts, mention.start)
                if start <= first < min(opening, start + 4):
                    return self._known(view, mention)
        return None

    def _subject_before(self, view: _View, verb: int, start: int):
        tokens = view.folded
        j = verb - 1
        while j >= start and tokens[j] in BETWEEN:
            j -= 1
        if j >= start and tokens[j] == ",":  # an aside: "Kim, who first met Putin, called"
            k = j - 1
            while k >= start and k > j - 30 and tokens[k] != ",":
                k -= 1
            if k < start or tokens[k] != ",":
                return None
            j = k - 1
        if j < start:
            return None
        mention = view.mention_ends.get(j)
        if mention is not None:
            first = bisect_left(view.starts, mention.start)
            return _VIA if first and tokens[first - 1] in VIA else self._known(view, mention)
        if tokens[j] in PRONOUNS:
            return self._refers_back(view, j)
        return self._phrase(view, j, start, backwards=True)

    def _subject_after(self, view: _View, verb: int, end: int):
        tokens = view.folded
        j = verb + 1
        if j < end and tokens[verb] in ("called", "calls", "pointed", "points"):
            j += 1
        if j >= end:
            return None
        if tokens[j] in PRONOUNS:
            return self._refers_back(view, j)
        for k in range(j, min(end, j + 6)):
            if not tokens[k][0].isalnum() or tokens[k] in _THAT:
                break  # "reiterated that Pyongyang strives": Pyongyang is not who said it
            mention = self._mention_at(view, k)
            if mention is not None:
                return self._known(view, mention)
        return self._phrase(view, j, end, backwards=False)

    def _phrase(self, view: _View, j: int, bound: int, backwards: bool):
        """A speaker named by words not in people.yaml: a role ("the official", "Генсек
        Альянсу": points back) or a capitalised name (an unknown speaker)."""
        tokens, printed = view.folded, view.tokens
        picked = []
        step = -1 if backwards else 1
        k = j
        while len(picked) < 6 and (k >= bound if backwards else k < bound):
            word = printed[k].group()
            if not word[0].isalpha() or not (word[0].isupper() or tokens[k] in ROLE_WORDS
                                             or tokens[k] in ARTICLES or tokens[k] == "of"):
                break
            picked.append(k)
            k += step
        picked.sort()
        while picked and tokens[picked[-1]] in ARTICLES | {"of"}:
            picked.pop()
        if not picked:
            return None
        if any(tokens[k] in ROLE_WORDS for k in picked):
            return self._refers_back(view, picked[0], len(picked))
        before = picked[0] - 1
        if before >= 0 and tokens[before] in VIA:
            return _VIA
        at_start = picked[0] == self._sentence_start(view, picked[0])
        if len(picked) < 2 and at_start:
            return None  # one capitalised word opening a sentence: "Journalists asked"
        name = view.text[printed[picked[0]].start():printed[picked[-1]].end()]
        return Attribution(printed=name, cue=name)

    # --- names --------------------------------------------------------------------------

    def _known(self, view: _View, mention: Mention) -> Attribution:
        printed = view.text[mention.start:mention.end]
        basis = ""
        if mention.partial:
            basis = (f"The report names the speaker only as “{printed}”, taken to be "
                     f"{self.people[mention.key].name}.")
        return Attribution(mention.key, inferred=basis, cue=printed)

    def _refers_back(self, view: _View, token: int, length: int = 1) -> Attribution | None:
        """The last person named as a subject before token `token` ("he", "the official")."""
        word = view.text[view.tokens[token].start():view.tokens[token + length - 1].end()]
        index = view.index
        position = view.tokens[token].start()
        for back in range(index, max(-1, index - LOOK_BACK_PARAGRAPHS), -1):
            earlier = self.view(back)
            last = bisect_left(earlier.mention_starts, position) if back == index else len(earlier.mentions)
            for mention in reversed(earlier.mentions[max(0, last - LOOK_BACK_MENTIONS):last]):
                person = self.people.get(mention.key)
                if person is None or person.kind != "person" or not mention.exact or \
                        self._after_preposition(earlier, mention):
                    continue
                name = earlier.text[mention.start:mention.end]
                return Attribution(mention.key, cue=word, inferred=(
                    f"The report says “{word}”; the last person it names before that is "
                    f"“{name}” (line {self._line(earlier.start + mention.start)})."))
        return None

    def _after_preposition(self, view: _View, mention: Mention) -> bool:
        """"to President Vladimir Putin": an object, not the subject "he" points to."""
        k = bisect_left(view.starts, mention.start) - 1
        while k >= 0 and view.tokens[k].group()[0].isupper() and k > 0:
            k -= 1
        return k >= 0 and view.folded[k] in PREPOSITIONS

    def _mention_at(self, view: _View, token: int) -> Mention | None:
        if token >= len(view.starts):
            return None
        i = bisect_left(view.mention_starts, view.starts[token])
        if i < len(view.mentions) and view.mentions[i].start == view.starts[token]:
            return view.mentions[i]
        return None

    def _name(self, attribution: Attribution) -> str:
        person = self.people.get(attribution.key)
        return person.name if person else attribution.printed

    # --- the text -------------------------------------------------------------------------

    def view(self, index: int) -> _View:
        if index not in self._views:
            para = self.paragraphs[index]
            pieces, at = [], para.start
            for quotation in self.by_paragraph.get(index, ()):
                pieces += [self.body[at:quotation.start],
                           _NOT_SPACE.sub("x", self.body[quotation.start:quotation.end])]
                at = quotation.end
            text = "".join(pieces) + self.body[at:para.end]
            tokens = list(TOKEN.finditer(text))
            starts = [t.start() for t in tokens]
            mentions = self.finder.mentions(text)
            ends = {bisect_right(starts, m.end - 1) - 1: m for m in mentions}
            if len(self._views) >= KEPT_VIEWS:  # quotations are read in order: drop the oldest
                del self._views[next(iter(self._views))]
            self._views[index] = _View(index, para.start, text, tokens,
                                       [fold(t.group()).casefold() for t in tokens], starts,
                                       mentions, [m.start for m in mentions], ends)
        return self._views[index]

    def _token_at(self, view: _View, offset: int) -> int:
        return bisect_left(view.starts, offset)

    def _sentence_start(self, view: _View, token: int) -> int:
        for i in range(token - 1, max(-1, token - LOOK_BACK_TOKENS), -1):
            if view.folded[i] in _SENTENCE_END and i + 1 < len(view.tokens) and _begins(view, i + 1) \
                    and not (i and len(view.folded[i - 1]) == 1 and view.folded[i - 1].isalpha()):
                return i + 1
        return max(0, token - LOOK_BACK_TOKENS + 1)

    def _stands_alone(self, view: _View, quotation: Quotation) -> bool:
        """True if the quotation opens its sentence (nothing before it but its mark)."""
        if quotation.open_at < 0:
            return quotation.kind == "dash"
        opening = self._token_at(view, quotation.open_at - view.start)
        return self._sentence_start(view, opening) == opening

    def _line(self, offset: int) -> int:
        return self.lines.of(offset)


# A verb whose subject is the source a report cites ("as Reuters writes"), not a speaker.
_VIA = Attribution(cue="via")


def _begins(view: _View, token: int) -> bool:
    word = view.tokens[token].group()
    return word[0].isupper() or word[0] in "\"«„“”‘—–-"


def _leads_on(body: str, quotation: Quotation) -> bool:
    """True if the words after the closing mark may attribute it: the quotation ends in a
    comma, ?, ! or … inside the marks, or a comma or dash follows them."""
    inside = body[quotation.end:quotation.close_at].strip()
    after = body[quotation.close_at + 1:quotation.close_at + 4].lstrip()
    last = body[quotation.end - 1] if quotation.end else ""
    return bool(inside and inside[-1] in ",?!…") or last in "?!…" or \
        (after[:1] in (",", "-", "—", "–"))
