/// A player with a floating-point rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Player {
    pub name: String,
    pub rating: f64,
}

/// Players from highest to lowest rating; equal ratings keep their input order.
pub fn ranking(mut players: Vec<Player>) -> Vec<String> {
    players.sort_by(|a, b| b.rating.cmp(&a.rating));
    players.into_iter().map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, rating: f64) -> Player {
        Player { name: name.to_string(), rating }
    }

    #[test]
    fn highest_first_and_stable() {
        let got = ranking(vec![p("ann", 1510.5), p("bo", 1720.0), p("cy", 1510.5), p("di", -3.0)]);
        assert_eq!(got, ["bo", "ann", "cy", "di"]);
    }
}
