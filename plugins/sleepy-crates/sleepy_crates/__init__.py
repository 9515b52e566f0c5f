"""sleepy-crates: real Rust crates as verified bug-fix tasks, offline."""
