"""JSON-LD: what a claim page tells search engines and fact-check tools (schema.org Claim,
ClaimReview when rated), and how it is written into a <script> element safely."""

from __future__ import annotations

import json

from markupsafe import Markup

from .model import Claim, Content
from .urls import absolute, localised, path_of


def json_ld(data: dict) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` escaped so content cannot end it."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def claim_json_ld(claim: Claim, content: Content, base_url: str, language: str = "",
                  prefix: str = "") -> dict:
    """schema.org Claim of a claim's page in `language` (its folder `prefix`; "" and "" for
    the site's main language)."""
    language = language or content.site.language
    speaker = content.people[claim.speaker]
    appearances = []
    for a in claim.appearances:
        work = {"@type": "NewsArticle", "headline": a.article.title,
                "inLanguage": a.article.language or content.site.language}
        if a.article.url:
            work["url"] = a.article.url
        if a.article.published:
            work["datePublished"] = a.article.published.iso()
        if a.article.outlet:
            work["publisher"] = {"@type": "Organization",
                                 "name": content.outlets[a.article.outlet].name_in(language)}
        if a.quote:
            work["text"] = a.quote
        if a.translation:  # the quote in the site's language, as a work of its own
            work["workTranslation"] = {"@type": "CreativeWork", "text": a.translation,
                                       "inLanguage": content.site.language}
        if a.article.archive_url:
            work["archivedAt"] = a.article.archive_url
        appearances.append(work)
    data = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "name": claim.assertion_in(language, content.site.language)[0],
        "inLanguage": language,
        "author": {"@type": "Organization" if speaker.kind == "organisation" else "Person",
                   "name": speaker.name_in(language)},
        "appearance": appearances,
        "firstAppearance": appearances[0],
    }
    dated = sorted((a.article.published, i) for i, a in enumerate(claim.appearances)
                   if a.article.published)
    if dated:
        data["firstAppearance"] = appearances[dated[0][1]]
    if claim.date:
        data["datePublished"] = claim.date.iso()
    if base_url:
        data["url"] = absolute(base_url, localised(path_of(claim), prefix))
    if claim.verdict:
        return claim_review(claim, data, content, base_url, prefix)
    return data


def claim_review(claim: Claim, item: dict, content: Content, base_url: str, prefix: str = "") -> dict:
    """schema.org ClaimReview of a rated claim: the rating on the site's scale (best first, so
    the first rating is worth most), the site as the reviewing organisation, the claim as the
    item reviewed."""
    verdict, site = claim.verdict, content.site
    scale = list(site.ratings)
    item = {key: value for key, value in item.items() if key not in ("@context", "url")}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": item["name"],
        "datePublished": verdict.date.iso(),
        "author": {"@type": "Organization", "name": site.title, **({"url": base_url} if base_url else {})},
        "contributor": {"@type": "Person", "name": verdict.reviewer},
        "reviewRating": {"@type": "Rating", "ratingValue": len(scale) - scale.index(verdict.rating),
                         "bestRating": len(scale), "worstRating": 1,
                         "alternateName": site.ratings[verdict.rating]},
        "reviewBody": verdict.explanation,
        "itemReviewed": item,
    }
    if verdict.evidence:
        review["citation"] = [{"@type": "CreativeWork", "url": url} for url in verdict.evidence]
    if base_url:
        review["url"] = absolute(base_url, localised(path_of(claim), prefix))
    return review


# --- the Jinja environment ---------------------------------------------------------------
