"""What serve's process keeps from one build to the next (see Warm)."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, output


@dataclass
class Warm:
    """What a process that builds the same site again and again (serve) keeps from one
    build to the next instead of reading it back from disk: the cache, with every article
    already made into records; the Jinja environment, with its templates compiled; the
    manifest, kept here only, since that output (updated in place) lasts no longer than the
    process; and, after a build that showed the pages first, its plan, for the build that
    makes the rest. Each is used only while what it was made from is unchanged. Saving the
    cache to disk (for the next process) and removing a folder that holds a previous site
    are left for `tidy`, once the browser shows the new one."""

    out: Path | None = None
    manifest: output.Manifest | None = None
    store: cache.Store | None = None
    built_at_ns: int = 0  # when the store's view of the inputs was complete
    templates: str = ""  # digest of the template files the environment was made from
    env: object = None
    template_digests: dict[str, str] = field(default_factory=dict)
    saved: bool = True  # the store is on disk
    retired: list[Path] = field(default_factory=list)
    whole: bool = True  # the folder is as the manifest says (no build stopped part-way in it)
    # (inputs, what the load made, the Sources, the planned data files, the other pages)
    plan: tuple | None = None

    def remember(self, out: Path, manifest: output.Manifest, store: cache.Store,
                 sources, templates: str, retired: Path | None) -> None:
        self.out, self.manifest, self.store, self.built_at_ns = out, manifest, store, time.time_ns()
        self.saved, self.whole = False, True
        self.templates, self.env, self.template_digests = templates, sources.env, sources.template_digests
        self.retired += [retired] if retired else []

    def kept_plan(self, inputs: str) -> tuple | None:
        """The last build's records and plan, if it left files lagging (pages first) and
        nothing has changed since: the next build makes those files from the same plan
        instead of planning again. Given once."""
        plan, self.plan = self.plan, None
        if plan is not None and plan[0] == inputs and self.env.loader.unchanged():
            return plan[1:]
        return None

    def tidy(self) -> None:
        if self.store is not None and not self.saved:
            self.store.save()
            self.saved = True
        for folder in self.retired:
            shutil.rmtree(folder, ignore_errors=True)
        self.retired.clear()
