"""Downloader middlewares of the nianbao crawler (encoding, conditional GET, backoff)."""
