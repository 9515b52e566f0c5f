"""Per-task adapters: route tables written by consolidators, routers that pick one per task, and a backend
wrapper that batches requests by the adapter they were routed to."""
