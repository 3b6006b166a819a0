"""The dashboard: ``nianbao serve``, a server-rendered Starlette app over the archive.

Read-only unless started with ``--write``. Depends on ``archive`` (never the other way
round) and never on Scrapy. Pages are in Chinese; the JSON API under ``/api/`` gives the
same shapes as the CLI's ``--json``.
"""
