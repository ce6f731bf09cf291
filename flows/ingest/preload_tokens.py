"""Imported by the worker forkserver (flows/ingest/workers.py) for runs with tokens: what preload_tables
loads, and the tokenizer's dictionaries, once, before any worker is forked, shared by all of them."""

import gc

import docclean.flows.ingest.preload_tables  # noqa: F401  (readers, rules, the detector's dictionary)
from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.shard import cleaner_for

cleaner_for(CleanerSpec(None, tokens=True))  # the shipped rules and every tokenizer table
gc.freeze()
