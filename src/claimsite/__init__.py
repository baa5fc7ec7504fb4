"""claimsite: turn annotated news articles into a static site of claims and their sources.

    build_site(content_dir, out_dir)   check the content and build the site (pipeline.py)
    load_content(content_dir)          only read and check it, into records (content.py)

Errors (errors.py), all ClaimsiteError: ContentErrors (every problem, as path:line: message),
ContentError (one of them), OutputError (the site could not be written).
"""

import importlib

__all__ = [
    "build_site", "load_content", "Result", "ClaimsiteError", "ContentError", "ContentErrors",
    "OutputError", "Appearance", "Article", "Claim", "Content", "Outlet", "Person", "Site",
]
_WHERE = {"build_site": "pipeline", "Result": "pipeline", "load_content": "content",
          **{name: "errors" for name in __all__[3:7]}, **{name: "model" for name in __all__[7:]}}


def __getattr__(name: str):
    # Imported on first use, so `import claimsite` (and a build with nothing to do) does not
    # load Jinja, Markdown and YAML until something needs them.
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
