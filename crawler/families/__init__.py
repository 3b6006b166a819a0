"""CMS families: how each kind of portal lists its pages. A site is configuration."""

from archive.families import register_family

from .base import Family, ListPage
from .generic import GenericFamily
from .jcms import JcmsFamily
from .trs import TrsFamily

FAMILIES: dict[str, type[Family]] = {"trs": TrsFamily, "jcms": JcmsFamily, "generic": GenericFamily}
for _name in FAMILIES:
    register_family(_name)


def detect_family(html: str, url: str) -> str:
    """``family: auto``: recognise TRS and jcms from page markers, else generic."""
    for name in ("jcms", "trs"):
        if FAMILIES[name].recognises(html, url):
            return name
    return "generic"


__all__ = [
    "FAMILIES",
    "Family",
    "GenericFamily",
    "JcmsFamily",
    "ListPage",
    "TrsFamily",
    "detect_family",
]
