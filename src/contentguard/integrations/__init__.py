"""Integrations with other tools (each needs its extra: ``pip install contentguard[dask]``)."""
