"""Prefect around the run: its settings, servers, schedules (serve) and the inbox watcher."""
