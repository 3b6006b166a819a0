"""The farm's CMS families, one module each: ``build(column, site, rng)`` assigns the
column's source URL and every item's URL, and writes its list pages and articles."""

from __future__ import annotations

import random
from collections.abc import Callable

from ..site import Site
from ..world import Column
from . import anhui, generic, gkmlpt, jcms, jcms_plain, trs_static, trs_vars

Builder = Callable[[Column, Site, random.Random], None]

FAMILIES: dict[str, Builder] = {
    "trs_static": trs_static.build,
    "trs_vars": trs_vars.build,
    "jcms": jcms.build,
    "jcms_plain": jcms_plain.build,
    "generic": generic.build,
    "gkmlpt": gkmlpt.build,
    "anhui": anhui.build,
}

__all__ = ["FAMILIES", "Builder"]
