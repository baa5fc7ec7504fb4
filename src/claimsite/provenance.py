"""How a date is known, in words, in the interface's language.

A claim whose report does not say when it was said takes the report's publication date
(claims.py). The pages say so: the date is shown as the report's publication date, marked
"inferred", with the basis in words. That basis is the interface's own sentence, not the
content's, so it is translated; where the publication date is itself worked out by the
editors, their basis follows it.
"""

from __future__ import annotations

from .i18n import Interface
from .model import Appearance, Claim


def date_basis(interface: Interface, record: Claim | Appearance) -> str:
    """Why a claim's or a report's date is what it is, when the editors worked it out ("" when
    a report prints it, or there is none): the editors' basis, or that it is the publication
    date of the report (of one of the reports, for a claim several reports give no date)."""
    if isinstance(record, Claim):
        if not record.dated_by_publication:
            return record.date_inferred
        sources = record.date_sources
        if len(record.appearances) == 1:
            basis = interface.gettext(
                "The report does not say when it was said; this is the date it was published.")
        else:
            basis = interface.gettext(
                "No report says when it was said; this is the date one of them was published.")
    elif record.dated_by_publication:
        sources = [record]
        basis = interface.gettext(
            "This report does not say when it was said; this is the date it was published.")
    else:
        return record.date_inferred
    worked_out = next((a.article.published_inferred for a in sources if a.article.published_inferred), "")
    if worked_out:
        basis += " " + interface.gettext("The editors worked out the publication date: %(basis)s") % {
            "basis": worked_out}
    return basis
