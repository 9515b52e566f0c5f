use std::collections::HashMap;

/// Platform for each wanted station code, read from `CODE = platform` lines; None if unknown.
pub fn platforms(board: &str, wanted: &[&str]) -> Vec<Option<u8>> {
    let table: HashMap<&str, u8> = board
        .lines()
        .filter_map(|line| line.split_once('='))
        .filter_map(|(code, plat)| Some((code.trim(), plat.trim().parse::<u8>().ok()?)))
        .collect();
    wanted.iter().map(|w| table.get(w).copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_codes() {
        let board = "KGX = 4\nEUS=11\nnot a line\nSTP = closed\n";
        let got = platforms(board, &["EUS", "STP", "KGX", "PAD"]);
        assert_eq!(got, vec![Some(11), None, Some(4), None]);
    }

    #[test]
    fn later_line_overrides() {
        assert_eq!(platforms("VIC = 1\nVIC = 9", &["VIC"]), vec![Some(9)]);
    }
}
