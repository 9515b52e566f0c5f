//! Collatz step counter: the steps each start needs to reach 1, and the longest chain up to a limit.

/// Steps from `n` (at least 1) down to 1: halve an even number, map an odd one to 3n + 1.
fn steps(mut n: u64) -> u32 {
    let mut count = 0;
    while n != 1 {
        n = if n.is_multiple_of(2) { n / 2 } else { 3 * n + 1 };
        count += 1;
    }
    count
}

/// The start in 1..=limit with the most steps (the smallest such start on a tie).
fn longest_chain(limit: u64) -> (u64, u32) {
    let mut best = (1, 0);
    for start in 1..=limit {
        let s = steps(start);
        if s > best.1 {
            best = (start, s);
        }
    }
    best
}

fn main() {
    for n in [6, 7, 27] {
        println!("{n:>3}: {} steps", steps(n));
    }
    let (start, s) = longest_chain(30);
    println!("longest chain up to 30 starts at {start} ({s} steps)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_counts() {
        assert_eq!(steps(1), 0);
        assert_eq!(steps(6), 8);
    }

    #[test]
    fn the_limit_itself_is_a_candidate() {
        assert_eq!(longest_chain(9), (9, 19));
    }
}
