"""Tests of the portal farm generator (``tests/support/portalgen``): its truth must be
right by construction.

Reachability is checked by a small walker written here, which knows only how each
family's pages say where the next page is (links, paging scripts, a jpage call's
``proxyUrl``/``ajaxParam``, gkmlpt's ``_CONFIG`` and JSON) — never the truth.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
import urllib.request
from collections import Counter, deque
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import yaml

try:
    from tests.support.portalgen import FAMILY_ORDER, FarmServer, build_farm
except ModuleNotFoundError:  # pytest without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.support.portalgen import FAMILY_ORDER, FarmServer, build_farm
from tests.support.portalgen.farm import Farm
from tests.support.portalgen.score import expected_overdue, score
from tests.support.portalgen.site import HOST, VISITS, key

_YEAR = re.compile(r"20[12]\d")


@pytest.fixture(scope="module")
def farm() -> Farm:
    return build_farm(seed=3, counties=3)


@pytest.fixture(scope="module")
def truth(farm: Farm) -> dict[str, Any]:
    return farm.truth()


# ---------------------------------------------------------------------------
# an independent walker: follow what the pages themselves say


_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_CREATE = re.compile(r"""createPage(?:HTML)?\(\s*(\w+)\s*,\s*(\w+)\s*,\s*["'](\w+)["']\s*,\s*["'](\w+)["']""")
_COUNT_WRITE = re.compile(r"countPage\s*=\s*(\d+).*?\"index\"\+\"_\"", re.S)


def _int_var(name: str, text: str) -> int:
    if name.isdigit():
        return int(name)
    return int(re.findall(rf"\b{name}\s*=\s*(\d+)", text)[-1])


def _decode(body: bytes, content_type: str) -> str:
    charset = "gbk" if "gb2312" in content_type or "gbk" in content_type else "utf-8"
    return body.decode(charset)


def walk(farm: Farm) -> set[str]:
    """Every resource key reachable from the sources, by the pages' own links."""
    site = farm.site
    seen: set[str] = set()
    queue: deque[tuple[str, str, str]] = deque()  # (method, path?query, form)
    for col in farm.columns:
        queue.append(("GET", col.source_url, ""))
    posted: set[tuple[str, str]] = set()

    def push(url: str, base: str) -> None:
        target = urljoin(base, html.unescape(url)).replace(HOST, "")
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return
        k = key(target)
        if k not in seen:
            queue.append(("GET", target, ""))

    steps = 0
    while queue:
        steps += 1
        assert steps < 100_000, "the walk does not end"
        method, url, form = queue.popleft()
        path = url.split("#", 1)[0]
        k = key(path) + (" " + form if form else "")
        if k in seen:
            continue
        seen.add(k)
        if key(path) in site.pending:
            continue
        res = site.answer(method, path, form)
        if res.status != 200 or not res.content_type.startswith(("text/", "application/json")):
            continue
        text = _decode(res.body, res.content_type)
        if res.content_type.startswith("application/json"):
            data = json.loads(text)
            for art in data.get("articles", []):
                push(art["url"], path)
                for att in art.get("attachment", []):
                    push(att["link"], path)
            if data.get("articles"):
                page = int(dict(p.split("=") for p in urlsplit(path).query.split("&"))["page"])
                push(re.sub(r"page=\d+", f"page={page + 1}", path), path)
            continue
        for href in _HREF.findall(text):
            if not href.startswith(("#", "javascript:")):
                push(href, path)
        for m in _CREATE.finditer(text):
            count = _int_var(m.group(1), text[: m.start()])
            for n in range(count):
                push(f"{m.group(3)}{'' if n == 0 else f'_{n}'}.{m.group(4)}", path)
        m = _COUNT_WRITE.search(text)
        if m:
            for n in range(1, int(m.group(1))):
                push(f"index_{n}.html", path)
        proxy = re.search(r"proxyUrl:\s*'([^']+)'", text)
        if proxy:
            fields = dict(re.findall(r"(\w+):\s*'?([^',}]+?)'?\s*[,}]",
                                     re.search(r"ajaxParam:\s*\{([^}]*)\}", text).group(1) + "}"))
            fields = {k2.strip(): v.strip() for k2, v in fields.items()}
            per = int(re.search(r"perPage:\s*(\d+)", text).group(1))
            total = int(re.search(r"totalRecord:\s*(\d+)", text).group(1))
            for start in range(1, total + 1, per * 3):
                q = f"{proxy.group(1)}?startrecord={start}&endrecord={start + per * 3 - 1}&perpage={per}"
                if (q, "") not in posted:
                    posted.add((q, ""))
                    queue.append(("POST", q, urlencode(fields)))
        config = re.search(r"window\._CONFIG = (\{.*?\});</script>", text)
        if config:
            sid = json.loads(config.group(1))["SID"]
            cat = next(c.source_url.split("#")[1] for c in farm.columns
                       if c.source_url.split("#")[0] == path)
            push(f"api/all/{cat}?page=1&sid={sid}", path)
    return {k.split(" ")[0] for k in seen}


def test_every_truth_report_and_decoy_is_reachable_by_the_sites_own_links(
        farm: Farm, truth: dict[str, Any]) -> None:
    reached = walk(farm)
    for r in truth["reports"]:
        assert any(key(u) in reached for u in r["urls"]), r
        if r["format"] != "html":  # its document too
            assert any(key(u) in farm.site.pending or farm.site.get(u) for u in r["urls"]
                       if key(u) in reached and u.rsplit(".", 1)[-1] in ("pdf", "docx")), r
    for d in truth["decoys"]:
        assert key(d["url"]) in reached, d


def test_every_family_is_in_a_small_farm(truth: dict[str, Any]) -> None:
    assert {s["family"] for s in truth["sources"]} == set(FAMILY_ORDER)
    assert {r["family"] for r in truth["reports"]} == set(FAMILY_ORDER)


def test_gbk_pages_are_gbk_bytes(farm: Farm) -> None:
    gbk = [r for r in farm.site.files.values() if "gb2312" in r.content_type]
    assert len(gbk) > 20
    for res in gbk:
        text = res.body.decode("gbk")
        assert "charset=gb2312" in text
        assert re.search(r"[\u4e00-\u9fff]", text)
        with pytest.raises(UnicodeDecodeError):
            res.body.decode("utf-8")


def test_titles_follow_the_real_shapes_and_some_have_no_year(truth: dict[str, Any]) -> None:
    reports = truth["reports"]
    yearless = [r for r in reports if not _YEAR.search(r["list_title"])]
    assert len(yearless) / len(reports) >= 0.15
    assert all(r["yearless_title"] for r in yearless)
    shapes = Counter(r["shape"] for r in reports)
    assert shapes.most_common(1)[0][0] == "S01"
    assert len(shapes) >= 8
    kinds = Counter(d["kind"] for d in truth["decoys"])
    assert kinds["twin"] > 0 and kinds["news"] > 0


def test_every_report_carries_its_year_somewhere_and_dates_are_real(
        truth: dict[str, Any]) -> None:
    months = Counter()
    for r in truth["reports"]:
        y = str(r["year"])
        evidence = [y in r["list_title"], y in r["doc_title"], bool(r["period"] and y in r["period"]),
                    bool(r["url_year"] and any(f"={y}" in u for u in r["urls"]))]
        assert any(evidence), r
        pub = date.fromisoformat(r["published"])
        assert date(r["year"] + 1, 1, 1) <= pub <= date(r["year"] + 1, 8, 31), r
        months[pub.month] += 1
    total = sum(months.values())
    assert months[1] / total > 0.7
    assert sum(n for m, n in months.items() if m > 3) > 0


def test_truth_covers_every_body_and_year_once(truth: dict[str, Any]) -> None:
    cells = Counter((r["body"], r["year"]) for r in truth["reports"] + truth["unpublished"])
    assert set(cells.values()) == {1}
    assert len(cells) == len(truth["bodies"]) * len(truth["years"])
    assert truth["unpublished"]
    assert any(len(r["urls"]) > (2 if r["format"] != "html" else 1) for r in truth["reports"])


def test_article_pages_name_the_body_as_the_registry_can(farm: Farm) -> None:
    registry = farm.registry()
    names = {b["name"]: [b["name"], *b.get("aliases", [])] for b in registry["bodies"]}
    counties = {c.slug: c.name for c in farm.counties}
    for col, item in farm.report_items():
        assert item.body is not None and item.plan is not None
        forms = names[item.body.name]
        used = item.plan.body_name
        county = counties[col.county.slug]
        assert used in forms or (used.startswith(county) and used[len(county):] in forms), used


def test_seed_gives_the_same_farm_and_bigger_farms_keep_smaller_ones(farm: Farm) -> None:
    def digest(f: Farm) -> str:
        h = hashlib.sha256()
        for k in sorted(f.site.files):
            h.update(k.encode() + f.site.files[k].body)
        h.update(json.dumps(f.truth(), sort_keys=True).encode())
        return h.hexdigest()

    assert digest(build_farm(seed=3, counties=3)) == digest(farm)
    assert digest(build_farm(seed=4, counties=3)) != digest(farm)
    small, big = build_farm(seed=3, counties=1).truth(), build_farm(seed=3, counties=2).truth()
    assert [b for b in big["bodies"] if b["county"] == "c00"] == small["bodies"]


def test_registry_imports(farm: Farm, nianbao: Any, tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(farm.registry_yaml("http://127.0.0.1:9"), "utf-8")
    data = yaml.safe_load(path.read_text("utf-8"))
    assert all(s["family"] == "auto" for s in data["sources"])
    assert nianbao("init").exit_code == 0
    result = nianbao("sources", "import", str(path))
    assert result.exit_code == 0, result.output
    listed = json.loads(nianbao("sources", "list", "--json").output)
    assert listed


def test_server_answers_like_the_portals(farm: Farm) -> None:
    jcms = next(c for c in farm.columns if c.family == "jcms")
    plain = next(c for c in farm.columns if c.family == "jcms_plain")
    gk = next(c for c in farm.columns if c.family == "gkmlpt")
    with FarmServer(farm, allow_pending=True) as server:
        base = server.base_url

        def fetch(path: str, data: bytes | None = None) -> tuple[int, bytes]:
            try:
                with urllib.request.urlopen(urllib.request.Request(base + path, data=data),
                                            timeout=10) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()

        page = fetch(jcms.source_url)[1].decode()
        proxy = re.search(r"proxyUrl:\s*'([^']+)'", page).group(1)
        fields = dict(re.findall(r"(\w+): '?([^',}]+?)'?[,}]", re.search(
            r"ajaxParam:\s*\{ ([^}]*)\}", page).group(1) + "}"))
        status, body = fetch(f"{proxy}?startrecord=46&endrecord=90&perpage=15",
                             urlencode({k: v.strip() for k, v in fields.items()}).encode())
        assert status == 200 and b"<totalrecord>" in body and b"<![CDATA[" in body
        status, body = fetch(f"{proxy}?startrecord=1&endrecord=45&perpage=15", b"columnid=1")
        assert status == 200 and b"<totalrecord>0</totalrecord>" in body
        assert fetch(plain.prefix + "/module/web/jpage/dataproxy.jsp", b"columnid=1")[0] == 501
        shell = fetch(gk.source_url.split("#")[0])[1].decode()
        sid = json.loads(re.search(r"_CONFIG = (\{.*?\});", shell).group(1))["SID"]
        cat = gk.source_url.split("#")[1]
        api = json.loads(fetch(f"{gk.prefix}/gkmlpt/api/all/{cat}?sid={sid}&page=1")[1])
        assert api["articles"] and api["articles"][0]["url"].startswith(base)
        assert "articles" in json.loads(fetch(f"{gk.prefix}/gkmlpt/api/all/{cat}?page=1&sid=0")[1])
        article = next(c for c in farm.columns if c.family == "anhui").items[0].url
        one, two = fetch(article)[1], fetch(article)[1]
        assert one != two and VISITS.encode() not in one
        assert fetch("/nowhere.html")[0] == 404
        assert fetch("/robots.txt")[0] == 200


def test_score_is_perfect_on_the_truth_and_counts_each_kind_of_error(
        truth: dict[str, Any]) -> None:
    base = "http://h"
    as_of = date(2026, 6, 1)
    ids = {b["name"]: i for i, b in enumerate(truth["bodies"], 1)}
    reports = [{"body": r["body"], "body_id": ids[r["body"]], "year": r["year"],
                "url": base + r["urls"][0], "document_url": None} for r in truth["reports"]]
    missing = [{"body": r["body"], "body_id": ids[r["body"]], "year": r["year"]}
               for r in truth["unpublished"]]
    overdue = [{"body": b, "body_id": ids[b], "year": y, "status": s}
               for b, y, s in expected_overdue(truth, as_of)]
    assert any(s == "late" for *_, s in expected_overdue(truth, as_of))
    good = score(truth, base, reports, missing, overdue, as_of)
    assert good.perfect(), good.render()

    twin = next(d for d in truth["decoys"] if d["kind"] == "twin")
    worse = [dict(r) for r in reports[1:]]
    worse[0]["year"] += 1
    worse.append({"body": twin["body"], "body_id": 1, "year": twin["year"],
                  "url": base + twin["url"], "document_url": None})
    bad = score(truth, base, worse, missing[1:], [*overdue, {"body": missing[0]["body"], "year": missing[0]["year"], "status": "late"}], as_of)
    t = bad.total
    assert t["found"] == t["expected"] - 1
    assert t["right_year"] == t["expected"] - 2
    assert t["false"] == 2  # the wrong year and the 解读 page
    assert t["wrong_missing"] == 1 and t["wrong_overdue"] == 1
    assert not bad.perfect()
