"""A portal variation generator: county portals of every CMS family, with their truth.

Built from ``shared/real`` (title shapes and frequencies, list structures per family,
how report years relate to titles, text, URLs and dates), separate from
``crawler/sample_portals``, so that the crawler cannot be tuned to it by accident.

    farm = build_farm(seed=1, counties=10)   # deterministic for a seed
    farm.render_documents()                  # PDFs through LibreOffice (cached)
    with FarmServer(farm) as server:
        yaml_text = farm.registry_yaml(server.base_url)   # for `nianbao sources import`
        truth = farm.truth()                 # per body and year: published?, when, URLs

By job: ``names`` (fictional counties and bodies, aliases, the name forms reports use),
``titles`` (list titles by shape frequency, headings, period sentences, decoys),
``world`` (what each county publishes: columns, items, report plans, dates),
``documents`` (report documents with known figures, via ``tests/support/reportgen`` and
``tests/support/render``), ``site`` (resources and article chrome), ``families`` (one
module per CMS family: URLs, list pages, paging), ``farm`` (``build_farm``, truth,
registry) and ``server`` (``FarmServer``).
"""

from .farm import FAMILY_ORDER, Farm, build_farm, deadline
from .server import FarmServer

__all__ = ["FAMILY_ORDER", "Farm", "FarmServer", "build_farm", "deadline"]
