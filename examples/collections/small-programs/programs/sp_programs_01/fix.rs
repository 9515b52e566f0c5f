//! Tip calculator: a bill in cents, a tip percentage and a number of people.

/// The tip in cents, rounded half up to a whole cent.
fn tip_cents(bill_cents: u64, percent: u64) -> u64 {
    (bill_cents * percent + 50) / 100
}

/// Each person's share of bill plus tip, rounded up so that the table never pays short.
fn share_cents(bill_cents: u64, percent: u64, people: u64) -> u64 {
    let total = bill_cents + tip_cents(bill_cents, percent);
    total.div_ceil(people)
}

fn format_cents(cents: u64) -> String {
    format!("${}.{:02}", cents / 100, cents % 100)
}

fn main() {
    let (bill, percent, people) = (8_437, 18, 3);
    println!("bill  {}", format_cents(bill));
    println!("tip   {}", format_cents(tip_cents(bill, percent)));
    println!("each  {}", format_cents(share_cents(bill, percent, people)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tip_is_rounded_to_the_nearest_cent() {
        assert_eq!(tip_cents(1_250, 15), 188);
        assert_eq!(format_cents(5), "$0.05");
    }

    #[test]
    fn shares_cover_the_total() {
        assert_eq!(share_cents(1_000, 15, 3), 384);
        assert_eq!(share_cents(1_000, 20, 4), 300);
    }
}
