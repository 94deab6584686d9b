"""Regional standards: the catalog, provision records and the sufficiency level."""
