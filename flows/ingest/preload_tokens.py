"""Imported by the worker forkserver (flows/ingest/workers.py) for runs with tokens: what preload_tables
loads, and the tokenizer's dictionaries, once, before any worker is forked, shared by all of them."""

import gc

import docclean.flows.ingest.preload_tables  # noqa: F401  (readers, rules as workers build them, dictionary)
from docclean.cleaners.tokens import keywords, tokenize
from docclean.flows.ingest.cleaner import WARM_UP

# every tokenizer table: tokens are cut when rows are written (flows/ingest/parts.py), the rules are built
# without them (preload_tables)
keywords(tokenize(WARM_UP))
gc.freeze()
