"""The words that attribute speech, in English, Ukrainian and Russian, and the text's words.

Reporting verbs ("said", "заявила", "отметил"), the pronouns that point back to a speaker,
role words that do ("the official", "генсек"), and the small words that sit between a
speaker and a verb. Lists, not grammar: what `suggest` proposes is checked by an editor.
"""

from __future__ import annotations

import re

from .quotes import fold

# A word (with inner apostrophes and hyphens: Жан-П’єр, don't) or one punctuation character.
# Each repetition starts with a separator, so a match never backtracks.
TOKEN = re.compile(r"\w+(?:['’ʼ-]\w+)*|[^\w\s]")

VERBS = frozenset("""
said says say stated states added adds told tells explained explains emphasized emphasised
emphasizes stressed stresses noted notes announced declared wrote writes asked answered
replied responded assured warned insisted argued claimed commented remarked continued
concluded praised urged blamed blaming adding stressing saying noting stating explaining
warning emphasizing acknowledged admitted confirmed denied suggested promised pledged vowed
reiterated recalled underlined underscored observed reported spoke speaking
сказав сказала сказали заявив заявила заявили зазначив зазначила зазначили наголосив
наголосила наголосили додав додала додали підкреслив підкреслила повідомив повідомила
пояснив пояснила каже говорить розповів розповіла відповів відповіла написав написала
зауважив зауважила запевнив запевнила попередив попередила наголошує заявляє зазначає
визнав визнала нагадав нагадала виступив виступила
сказал сказала сказали заявил заявила заявили отметил отметила отметили подчеркнул
подчеркнула добавил добавила сообщил сообщила пояснил пояснила говорит рассказал
рассказала ответил ответила написал написала заметил заметила заверил заверила предупредил
предупредила заявляет отмечает подчеркивает признал признала напомнил напомнила выступил
выступила
""".split())
# "called for", "pointed out": the verb counts only with its particle
PHRASAL = {"called": "for", "calls": "for", "pointed": "out", "points": "out"}
PRONOUNS = frozenset("he she він вона он она".split())
OBJECT_PRONOUNS = frozenset("him her нього неї него нее його її его ее".split())
# "according to X", "за словами X", "по словам X" (and "за його словами", "по его словам")
ACCORDING = {("according", "to"), ("за", "словами"), ("по", "словам")}
# Words that name a role, not a person: "the official said" points back to a speaker
ROLE_WORDS = frozenset("""
official minister spokesperson spokesman spokeswoman secretary secretary-general president
leader head chief diplomat envoy
генсек генсека посадовець посадовця міністр міністра речник речниця очільник очільниця
глава голова керівник дипломат президент
чиновник чиновника министр министра пресс-секретарь представитель руководитель
""".split())
# Between a speaker and the verb: "Kim also praised", "Він також додав", "has said"
BETWEEN = frozenset("""
also further later then has had have was is earlier again too once had already
також теж вже ще знову раніше потім
также тоже уже еще ещё снова ранее затем
""".split())
# "as Reuters writes", "як пише Reuters": the words a source is cited by, not the speaker's
VIA = frozenset("as як как".split())
PREPOSITIONS = frozenset("""
to with of from by for about against at on in into between among after before than
до з із зі від для про проти на у в між після перед ніж
к с со от для про против на в во между после перед чем у о об
""".split())
ARTICLES = frozenset("the a an".split())


def words(text: str) -> list[str]:
    """The text's tokens, folded for comparison (typography plain, case folded)."""
    return [fold(token).casefold() for token in TOKEN.findall(text)]


def is_verb(tokens: list[str], index: int) -> bool:
    token = tokens[index]
    if token in VERBS:
        return True
    return token in PHRASAL and index + 1 < len(tokens) and tokens[index + 1] == PHRASAL[token]


def starts_with_reporting(text: str) -> bool:
    """True if the words start with the author's attribution: "сказала вона", "he said"."""
    tokens = [t for t in words(text)[:5] if t.isalpha() or "-" in t]
    return any(is_verb(tokens, i) for i in range(min(3, len(tokens))))


def reporting_tail(text: str) -> bool:
    """True if the words after a sentence's last comma only attribute it: " the official
    said.", " - сказав він.", " he added." (a speaker and a verb, nothing more)."""
    tokens = [t for t in words(text) if t not in "-—–"]
    if not tokens or tokens[-1] != "." or not 2 <= len(tokens) - 1 <= 5:
        return False
    tokens = tokens[:-1]
    if not all(t[0].isalpha() for t in tokens):
        return False
    if is_verb(tokens, 0):
        rest = tokens[1:]
    elif is_verb(tokens, len(tokens) - 1):
        rest = tokens[:-1]
    else:
        return False
    return bool(rest) and (rest[0] in PRONOUNS or any(t in ROLE_WORDS for t in rest)
                           or rest[0] in ARTICLES)
