"""Prefect flows, the lake writer and the docclean command line."""
