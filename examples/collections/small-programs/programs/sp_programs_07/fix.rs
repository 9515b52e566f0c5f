//! Makes change for a few amounts with euro coins and prints the coins used.

const COINS: [u32; 8] = [200, 100, 50, 20, 10, 5, 2, 1];

/// Greedy change, largest coin first: (coin, how many) for each coin used.
fn make_change(mut cents: u32) -> Vec<(u32, u32)> {
    let mut used = Vec::new();
    for coin in COINS {
        let mut count = 0;
        while cents >= coin {
            cents -= coin;
            count += 1;
        }
        if count > 0 {
            used.push((coin, count));
        }
    }
    used
}

fn main() {
    for amount in [388, 45, 7] {
        let coins: Vec<String> = make_change(amount).iter().map(|(c, n)| format!("{n}x{c}")).collect();
        println!("{amount:>4}: {}", coins.join(" "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cent_is_paid() {
        assert_eq!(make_change(3), vec![(2, 1), (1, 1)]);
        assert_eq!(make_change(40), vec![(20, 2)]);
        let total: u32 = make_change(388).iter().map(|(c, n)| c * n).sum();
        assert_eq!(total, 388);
    }
}
