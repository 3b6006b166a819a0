"""nianbao archive: everything that is not fetching.

Models, blob storage, extraction, versioning, diffs and queries live here and never
import Scrapy, so re-extraction, queries and the dashboard run without a crawl.
"""

__version__ = "0.1.0"
