"""Scrapy settings of the nianbao crawler: polite by default, resumable, archive-bound.

``crawler.run`` adds the per-run values (database, data folder, run id, sources,
JOBDIR). Every politeness knob here can be overridden through the environment by
Scrapy's usual ``-s`` style settings in ``crawler.run.crawl_settings``.
"""

from __future__ import annotations

from archive import __version__

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NIANBAO_CONTACT_URL = "https://github.com/nianbao/nianbao"
USER_AGENT = f"nianbao/{__version__} (+{NIANBAO_CONTACT_URL}; annual-report archive)"

ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Each callback yields a handful of items; Scrapy starts one task per CONCURRENT_ITEMS
# slot for every callback, so the default 100 costs more than the items do.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024  # a report PDF is rarely over 20 MB
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
# A body shorter than its Content-Length, or a chunked body that never ends, is a failed
# fetch (recorded unreachable), never a good page (crawler.middlewares.integrity does the
# cuts Scrapy cannot see).
DOWNLOAD_FAIL_ON_DATALOSS = True

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF = 1.0
NIANBAO_RETRY_BACKOFF_MAX = 30.0

# Every status reaches the spider, which records 404 as broken and 412 as blocked.
HTTPERROR_ALLOW_ALL = True
# A deleted article's meta refresh to its folder is evidence, not a page to follow.
METAREFRESH_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
# The nianbao CLI configures logging (-v / -q); Scrapy adds no handler of its own.
LOG_INSTALL_ROOT_HANDLER = False

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.backoff.BackoffRetryMiddleware": 550,
    "crawler.middlewares.conditional.ConditionalGetMiddleware": 560,
    "crawler.middlewares.encoding.GB18030Middleware": 545,  # after a 304 is filled in
    # sees the raw body, before HttpCompressionMiddleware (590) unpacks it
    "crawler.middlewares.integrity.TruncationMiddleware": 595,
    # sees a 3xx before RedirectMiddleware (600): loops fail, targets skip the dupefilter
    "crawler.middlewares.redirects.RedirectGuardMiddleware": 605,
}
SPIDER_MIDDLEWARES = {"crawler.middlewares.pending.ResumePendingMiddleware": 10}
ITEM_PIPELINES = {"crawler.pipeline.ArchivePipeline": 300}
EXTENSIONS = {
    "crawler.progress.CrawlProgress": 500,
    # every scheduled request, for a resume to fetch again what never reached the archive
    "crawler.middlewares.pending.PendingJournal": 510,
}
NIANBAO_PROGRESS = False
