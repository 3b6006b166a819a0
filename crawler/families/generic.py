"""Any other portal: the column page's listed entries; its pager is read by the spider."""

from __future__ import annotations

from .base import Family, family


@family
class GenericFamily(Family):
    name = "generic"
    priority = 1000  # never recognised: what is left when no other family is
    max_pages = 200
