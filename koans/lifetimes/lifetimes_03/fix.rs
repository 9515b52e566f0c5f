/// Splits a record at the first occurrence of `sep`, returning the head and the tail.
pub fn split_record<'r>(record: &'r str, sep: &str) -> Option<(&'r str, &'r str)> {
    let at = record.find(sep)?;
    Some((&record[..at], &record[at + sep.len()..]))
}

/// Reads `name<sep>score` rows into borrowed names with parsed scores.
pub fn scores<'r>(rows: &[&'r str], sep: &str) -> Vec<(&'r str, u32)> {
    rows.iter()
        .copied()
        .filter_map(|row| split_record(row, sep))
        .filter_map(|(name, score)| score.trim().parse().ok().map(|s| (name, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_multichar_separator() {
        assert_eq!(split_record("left::right::end", "::"), Some(("left", "right::end")));
        assert_eq!(split_record("nothing", "::"), None);
    }

    #[test]
    fn names_outlive_the_separator() {
        let rows = ["ana -> 12", "bo -> x", "cy -> 7"];
        let parsed = {
            let sep = String::from(" -> ");
            scores(&rows, &sep)
        };
        assert_eq!(parsed, vec![("ana", 12), ("cy", 7)]);
    }
}
