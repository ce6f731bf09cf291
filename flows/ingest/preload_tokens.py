"""Imported by the worker forkserver (flows/ingest/workers.py) for runs with tokens: the tokenizer's
dictionaries are loaded here once, before any worker is forked, and shared by all of them.

gc.freeze() moves what is loaded now out of the garbage collector's sight, so collections in the
workers do not write to (and so copy) the shared pages, as the gc module's documentation advises for
processes that fork.
"""

import gc

from docclean.cleaners.tokens import keywords, tokenize
from docclean.flows.ingest.cleaner import WARM_UP, CleanerSpec
from docclean.flows.ingest.shard import cleaner_for

# the shipped rules as a worker builds them (tokens are cut when rows are written: flows/ingest/parts.py),
# and every tokenizer table
cleaner_for(CleanerSpec(None, tokens=False))
keywords(tokenize(WARM_UP))
gc.freeze()
