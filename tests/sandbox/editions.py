"""Programs that compile in one edition (or as one crate kind) only: the sandbox, verdict and koan tests use them."""

from __future__ import annotations

# `async` is a plain name in 2015 and a keyword from 2018 on.
EDITION_2015_ONLY = """/// Sums the numbers, in the 2015 edition where `async` is a plain name.
pub fn total(values: &[i32]) -> i32 {
    let mut async = 0;
    for v in values {
        async += v;
    }
    async
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums() {
        assert_eq!(total(&[1, 2, 3]), 6);
    }
}
"""

# let chains are stable in 2024 only.
EDITION_2024_ONLY = """/// The first value above the limit, doubled.
pub fn first_big(values: &[i32], limit: i32) -> Option<i32> {
    if let Some(x) = values.iter().find(|v| **v > limit) && *x > 0 {
        return Some(x * 2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles() {
        assert_eq!(first_big(&[1, 5, 9], 4), Some(10));
    }
}
"""

# A program: checked as a lib, `main` (and what only it calls) is never used.
PROGRAM = """/// Prints the sum of the first few squares.
fn sum_of_squares(n: u32) -> u32 {
    (1..=n).map(|k| k * k).sum()
}

fn main() {
    println!("{}", sum_of_squares(3));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three() {
        assert_eq!(sum_of_squares(3), 14);
    }
}
"""
