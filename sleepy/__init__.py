"""sleepy-coder: a local coding agent that learns from its own mistakes while it sleeps."""
