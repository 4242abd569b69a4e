"""A service evaluation's pages: its overview and files for a period, its imports and sources,
and its case studies."""
