"""Imported by the worker forkserver (flows/ingest/workers.py) for every run (preload_tokens adds the
tokenizer's tables): what a worker would otherwise load on its first files is loaded here once, before
any worker is forked, and shared by all of them — the format readers' modules (bs4, lxml, PDFium: ≈0.6
CPU-s), the shipped rules, and the dictionary the boilerplate detector asks whether a chrome term stands
as a word (cleaners/detectors/words.py: ≈1 CPU-s; before, each worker of a run without tokens loaded it).

gc.freeze() moves what is loaded now out of the garbage collector's sight, so collections in the
workers do not write to (and so copy) the shared pages, as the gc module's documentation advises for
processes that fork.
"""

import gc

from docclean.cleaners.detectors.words import embedded
from docclean.cleaners.formats import load_readers
from docclean.flows.ingest.cleaner import CleanerSpec
from docclean.flows.ingest.shard import cleaner_for

load_readers()
cleaner_for(CleanerSpec(None, tokens=False))  # the shipped rules, compiled
embedded("预热", 0, 1)  # loads the detector's dictionary (the compact jieba one)
gc.freeze()
