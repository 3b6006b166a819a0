"""Bundled example data (registries, and later the sample portals)."""
