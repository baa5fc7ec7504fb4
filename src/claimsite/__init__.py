"""claimsite: turn annotated news articles into a static site of claims and their sources.

    build_site(content_dir, out_dir)   check the content and build the site (pipeline.py)
    load_content(content_dir)          only read and check it, into records (content.py)

Errors (errors.py), all ClaimsiteError: ContentErrors (every problem, as path:line: message),
ContentError (one of them), OutputError (the site could not be written).
"""

from .content import load_content
from .errors import ClaimsiteError, ContentError, ContentErrors, OutputError
from .model import Appearance, Article, Claim, Content, Outlet, Person, Site
from .pipeline import Result, build_site

__all__ = [
    "build_site", "load_content", "Result", "ClaimsiteError", "ContentError", "ContentErrors",
    "OutputError", "Appearance", "Article", "Claim", "Content", "Outlet", "Person", "Site",
]
