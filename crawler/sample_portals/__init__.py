"""The bundled sample portals: three county sites that page, block, date and delete as
real ones do, served on 127.0.0.1 by ``server.SamplePortals`` for ``nianbao demo`` and
the crawl tests.

- ``site/`` — snapshot 1 of the three sites: ``minquan/`` (TRS WCM, GBK),
  ``huaiyin/`` (Hanweb jcms, UTF-8) and ``generic/`` (a plain CMS, UTF-8);
- ``snapshot2/`` plus ``snapshot2.json`` — the same sites as a later crawl sees them
  (one report revised, one attachment replaced, one moved, one withdrawn);
- ``registry.yaml`` — regions, bodies and sources, URLs written ``{base}/…``;
- ``truth.json`` — every (body, region, year) with what a crawl must find.

All of it is written by ``scripts/build_sample_portals.py``; do not edit by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
REGISTRY_FILE = PACKAGE_DIR / "registry.yaml"
TRUTH_FILE = PACKAGE_DIR / "truth.json"


def registry_yaml(base_url: str) -> str:
    """The registry with ``{base}`` replaced by the server's base URL (no trailing /)."""
    return REGISTRY_FILE.read_text("utf-8").replace("{base}", base_url.rstrip("/"))


def load_truth() -> dict[str, Any]:
    """What the sample portals hold (see the module docstring and ``truth.json``)."""
    return json.loads(TRUTH_FILE.read_text("utf-8"))
