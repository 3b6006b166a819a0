"""Families register themselves; detection walks the registry; the archive knows the names."""

from __future__ import annotations

import pytest

from archive.families import check_family, known_families
from crawler.families import REGISTRY, detect_family
from crawler.families.base import Family, family


def test_every_family_module_registered_itself_with_the_archive() -> None:
    assert {"generic", "trs", "jcms", "gkmlpt", "openness", "hanweb_xxgk"} <= set(REGISTRY)
    assert set(REGISTRY) <= known_families()
    assert check_family("gkmlpt") is None
    assert check_family("nosuchfamily") is not None


@pytest.mark.parametrize(
    ("html", "url", "name"),
    [
        ("<script>window._CONFIG = {SID: '7552', TREE: []}</script>", "http://a/x/", "gkmlpt"),
        ("", "http://a/mz/gkmlpt/index", "gkmlpt"),
        ("", "http://a/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2020", "hanweb_xxgk"),
        ("<script type='text/xml'><datastore>", "http://a/col/col1/index.html", "jcms"),
        ("<a href='/art/2024/1/16/art_12_3456.html'>x</a>", "http://a/col/col1/index.html", "jcms"),
        ("", "http://a/OpennessContent/showList/785/0/page_1.html", "openness"),
        ("<script>var countPage = 2//共多少页</script>", "http://a/xxgknb/", "trs"),
        ("<a href='a.html'>x</a>", "http://a/x/", "generic"),
    ],
)
def test_detection_by_page_markers(html: str, url: str, name: str) -> None:
    assert detect_family(html, url) == name


def test_a_new_family_is_one_decorated_class() -> None:
    @family
    class ExampleFamily(Family):
        name = "example_cms"
        priority = 1

        @classmethod
        def recognises(cls, html: str, url: str) -> bool:
            return "example-cms" in html

    try:
        assert "example_cms" in known_families()
        assert (
            detect_family("<meta name=generator content=example-cms>", "http://a/") == "example_cms"
        )
    finally:
        del REGISTRY["example_cms"]
    assert detect_family("<meta name=generator content=example-cms>", "http://a/") == "generic"
