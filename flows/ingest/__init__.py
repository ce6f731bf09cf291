"""The ingest run: plan, shards cleaned by workers, commit (flow.py tells the whole journey)."""
