"""The phases of a cycle: day (attempt tasks), sleep (train), gate (evaluate and promote)."""
