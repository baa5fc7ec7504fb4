"""claimsite: turn annotated news articles into a static site of claims and their sources."""

from .content import load_content
from .errors import ClaimsiteError, ContentError, ContentErrors, OutputError
from .model import Appearance, Article, Claim, Content, Outlet, Person, Site

__all__ = [
    "load_content", "ClaimsiteError", "ContentError", "ContentErrors", "OutputError",
    "Appearance", "Article", "Claim", "Content", "Outlet", "Person", "Site",
]
