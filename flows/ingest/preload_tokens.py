"""Imported by the worker forkserver (flows/ingest/workers.py) for runs with tokens: the tokenizer's
dictionaries are loaded here once, before any worker is forked, and shared by all of them.

gc.freeze() moves what is loaded now out of the garbage collector's sight, so collections in the
workers do not write to (and so copy) the shared pages, as the gc module's documentation advises for
processes that fork.
"""

import gc

from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.shard import cleaner_for

cleaner_for(CleanerSpec(None, tokens=True))  # the shipped rules and every tokenizer table
gc.freeze()
