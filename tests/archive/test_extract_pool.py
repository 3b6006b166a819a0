"""The extraction pool: documents handed over ahead come back as if read one by one, and a
worker killed mid-run loses nothing."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from archive.blobstore import BlobStore
from archive.extract_pool import ExtractionPool, _extract_blob, extract_blobs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
# real formats and verdicts: inline HTML (GBK and UTF-8), PDF, DOCX, DOC, not a report,
# corrupt
NAMES = (
    "trs_gbk_2022_county.html",
    "jcms_2021_township.html",
    "pdf_2019_county.pdf",
    "pdf_2023_pagebreak.pdf",
    "docx_2021_county.docx",
    "notareport_notice_2023.html",
    "pdf_truncated.pdf",
    "docx_not_a_zip.docx",
)


@pytest.fixture
def stored(tmp_path: Path) -> tuple[BlobStore, list[str]]:
    store = BlobStore(tmp_path / "blobs")
    shas = []
    for name in NAMES:
        data = (FIXTURES / name).read_bytes()
        shas.append(store.put(data).sha256)
        # distinct bytes of the same documents, so the pool has work to share out
        for n in range(3):
            shas.append(store.put(data + f"\n<!-- {n} -->".encode()).sha256)
    return store, shas


def one_by_one(store: BlobStore, shas: list[str]) -> dict[str, tuple[str, object]]:
    return {sha: _extract_blob(str(store.root), sha) for sha in shas}


def test_results_are_what_one_by_one_extraction_gives(
    stored: tuple[BlobStore, list[str]],
) -> None:
    store, shas = stored
    expected = one_by_one(store, shas)
    assert {kind for kind, _ in expected.values()} >= {"ok", "not_a_report", "corrupt"}
    assert extract_blobs(store, shas, 2) == expected
    assert extract_blobs(store, shas, 1) == expected


def test_what_was_submitted_ahead_and_not_asked_is_dropped(
    stored: tuple[BlobStore, list[str]],
) -> None:
    store, shas = stored
    expected = one_by_one(store, shas)
    first, second = shas[: len(shas) // 2], shas[len(shas) // 2 :]
    with ExtractionPool(store, 2) as pool:
        pool.submit(first)
        assert pool.results(first[:3]) == {sha: expected[sha] for sha in first[:3]}
        pool.submit(second)  # ahead, while the caller writes
        asked = second[1:] + first[3:5]  # some ahead, some not
        assert pool.results(asked) == {sha: expected[sha] for sha in asked}


def test_a_worker_killed_mid_run_loses_no_document(
    stored: tuple[BlobStore, list[str]],
) -> None:
    store, shas = stored
    expected = one_by_one(store, shas)
    with ExtractionPool(store, 2) as pool:
        pool.submit(shas)
        workers = psutil.Process(os.getpid()).children()
        assert workers, "the pool started its workers"
        os.kill(workers[0].pid, signal.SIGKILL)  # out of memory, or a person's kill
        assert pool.results(shas) == expected
        # and the pool goes on working after it
        assert pool.results(shas[:4]) == {sha: expected[sha] for sha in shas[:4]}


def test_documents_asked_after_a_worker_died_are_extracted_too(
    stored: tuple[BlobStore, list[str]],
) -> None:
    """A worker that dies while the caller writes (nothing asked yet) breaks the pool
    for new work as well: what is asked next, submitted ahead or not, comes back."""
    store, shas = stored
    expected = one_by_one(store, shas)
    ahead, new = shas[: len(shas) // 2], shas[len(shas) // 2 :]
    with ExtractionPool(store, 2) as pool:
        pool.submit(ahead)
        workers = psutil.Process(os.getpid()).children()
        for worker in workers:
            os.kill(worker.pid, signal.SIGKILL)
        psutil.wait_procs(workers, timeout=10)
        time.sleep(0.5)  # the pool's manager thread notices the deaths and breaks the pool
        assert pool.results(ahead + new) == expected
