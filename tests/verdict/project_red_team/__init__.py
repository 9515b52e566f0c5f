"""The project verdict's red team: a small Cargo project with a mutated function, its tasks and the cheats."""
