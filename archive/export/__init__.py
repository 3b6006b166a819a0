"""Exports: report versions as tables (CSV, JSON lines, Excel, Parquet) with a data
dictionary, and captures as WARC 1.1 (and back).

``rows`` builds one row per report version, every figure a column named by its path;
``tables`` writes those rows in each format; ``warc`` writes and reads web archives.
Optional libraries (openpyxl, pyarrow, warcio) are imported only by the format that
needs them.
"""

from .rows import BASE_COLUMNS, export_columns, version_rows
from .tables import FORMATS, write_dictionary, write_table

__all__ = [
    "BASE_COLUMNS",
    "FORMATS",
    "export_columns",
    "version_rows",
    "write_dictionary",
    "write_table",
]
