"""What the home page shows: the claim it leads with, the newest said, the reports added last.

The featured claim is the editors' choice (`featured: <claim id>` in site.yaml), else the
claim the most reports quote. "Recently added" goes by the day each report was added to the
site (an article's `added:`, which `build.py new` writes); a report with no such record is
never given one: those come after the ones that have it, by their publication date, and the
page says by what its list is ordered.
"""

from __future__ import annotations

from .compare import lead
from .index import newest_article, newest_date_first, top_speakers
from .sources import Sources

HOME_LIST = 8  # claims and reports in each of the home page's lists


def context(s: Sources, key: str) -> dict:
    featured = featured_claim(s)
    report, translated = lead(featured, s.content.site.language, s.language) if featured else (None, False)
    recent, ordered_by = recently_added(s.content.articles)
    return dict(index=s.index, articles=s.content.articles, top_speakers=top_speakers(s.index),
                featured=featured, featured_lead=report, featured_translated=translated,
                recent_articles=recent, recent_ordered_by=ordered_by,
                newest_claims=s.index.claims[:HOME_LIST])


def featured_claim(s: Sources):
    """The claim that leads the home page: the one site.yaml names (`featured`), else of those
    a report quotes, the one the most reports carry; of those, the one said last (the index's
    order). None on a site with no quote and no choice."""
    site = s.content.site
    if site.featured:
        return s.content.claims[site.featured]  # (an unknown id stops the check: content.py)
    # (most reports first, and the index's order among as many: the first quoted is the one)
    by_reports = sorted(s.index.claims, key=lambda c: -len(c.appearances))
    return next((c for c in by_reports if lead(c, site.language, s.language)[0] is not None), None)


def recently_added(articles) -> tuple[list, str]:
    """(the HOME_LIST reports added last, by what they are ordered): "added" when each of them
    has an `added` day, "published" when none has, "both" when those with one come first and
    the others after, by their publication date."""
    ordered = sorted(articles, key=lambda a: (newest_date_first(a.added), newest_article(a)))
    shown = ordered[:HOME_LIST]
    with_day = sum(1 for a in shown if a.added)
    return shown, "published" if not with_day else "added" if with_day == len(shown) else "both"
