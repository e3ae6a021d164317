"""Fast, exact rebuilds: what an edit invalidates, and the hook's incremental build.

`fingerprint` digests a build's inputs; `manifest` keeps the record of what the last build wrote;
`incremental` is what the hook does with them under a dirty MkDocs build; `searchindex` decides
when Pagefind runs. `chipbrief build` (`chipbrief.sitebuild`) builds incrementally into a copy
of the last site and swaps it in; `--clean` forces a full build.
"""

from chipbrief.build.incremental import Rebuild, quiet_dirty_warning
from chipbrief.build.manifest import copy as copy_record
from chipbrief.build.manifest import forget as forget_record
from chipbrief.build.manifest import move as move_record
from chipbrief.build.searchindex import NO_SEARCH, DeferredIndex, drop_search_index

__all__ = [
    "NO_SEARCH",
    "DeferredIndex",
    "Rebuild",
    "copy_record",
    "drop_search_index",
    "forget_record",
    "move_record",
    "quiet_dirty_warning",
]
