"""One reader of a run's per-source health: a missing or odd value is never "ok"."""

from __future__ import annotations

from archive.runs import healthy_sources, source_health


def test_recorded_health_is_read_with_its_counts() -> None:
    stats = {"sources": {"3": {"health": "ok", "url": "http://x/", "reports": 4, "pages": "9"}}}
    seen = source_health(stats)[3]
    assert seen.healthy and seen.reports == 4 and seen.pages == 9 and seen.url == "http://x/"


def test_a_missing_health_is_unknown_not_ok() -> None:
    seen = source_health({"sources": {"3": {"reports": 4}, "4": None, "x": {"health": "ok"}}})
    assert set(seen) == {3, 4}
    assert seen[3].health == "unknown" and not seen[3].healthy
    assert seen[4].health == "unknown" and not seen[4].healthy


def test_runs_without_sources_record_nothing() -> None:
    assert source_health(None) == {}
    assert source_health({"finish_reason": "archive_error", "error": "disk full"}) == {}
    assert source_health({"sources": []}) == {}


def test_healthy_sources_are_the_ones_source_health_calls_healthy() -> None:
    stats = {
        "sources": {
            "3": {"health": "ok"},
            "4": {"health": "blocked"},
            "5": {"reports": 2},
            "6": None,
            "7": "ok",
            "x": {"health": "ok"},
            "8": {"health": "ok", "pages": "many"},
        }
    }
    expected = [sid for sid, seen in source_health(stats).items() if seen.healthy]
    assert sorted(healthy_sources(stats)) == sorted(expected) == [3, 8]
    assert healthy_sources(None) == healthy_sources({"sources": []}) == []
