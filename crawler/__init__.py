"""nianbao crawler: the Scrapy project that fetches report columns into the archive.

It may import ``archive``; ``archive`` never imports it.
"""
