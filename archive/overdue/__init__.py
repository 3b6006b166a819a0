"""Missing and overdue reports: who has not published, and who published late.

``missing`` lists registered bodies without a report for a year (a region covers its
descendants). A body whose source was blocked, broken or unreachable in its latest run
is *unknown* rather than missing: the crawler could not see (``archive/coverage.py``).

``overdue`` adds the deadline (``archive/deadlines.py``) and looks at a date: a body is
``missing`` when its deadline has passed with no report archived, and ``late`` when its
report came after the deadline. Late needs evidence, one of:

- ``claimed``: the report's own claimed publication date (version 1) is after the
  deadline;
- ``crawl``: a finished run in which a healthy source covering the body's region was
  read before the deadline ran out had no report of that body and year, and the report
  was first seen after the deadline. When the report claims a date on or before the
  deadline, the crawl counts only if it looked after that claimed date (it contradicts
  the claim); a claim the crawl cannot contradict stands.

A report found in a first-ever crawl long after the deadline is not late on that alone.
Dates are calendar dates in China (UTC+8); stored times are UTC.

The package, by job: ``dates`` (China dates, ``parse_years``, ``default_years``),
``absent`` (bodies without a report; ``missing``), ``evidence`` (``CrawlEvidence``:
healthy crawls per region), ``late`` (late reports and their evidence), ``query``
(``overdue``) and ``gcpause`` (no GC passes while a big answer is built).
"""

from __future__ import annotations

from ..coverage import unknown_cells
from .absent import MissingResult, missing
from .dates import CHINA as CHINA
from .dates import FIRST_YEAR as FIRST_YEAR
from .dates import china_date as china_date
from .dates import day_end_utc as day_end_utc
from .dates import default_years, parse_years
from .dates import today_in_china as today_in_china
from .evidence import CrawlEvidence as CrawlEvidence
from .query import overdue

__all__ = [
    "MissingResult",
    "default_years",
    "missing",
    "overdue",
    "parse_years",
    "unknown_cells",
]
