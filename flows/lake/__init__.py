"""The lake: Parquet datasets written a shard at a time (store), checked (integrity), merged (compact),
read with DuckDB (query)."""
