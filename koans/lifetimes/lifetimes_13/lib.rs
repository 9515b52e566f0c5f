/// Splits a `"LABEL: message"` log line into the label (without the colon) and the message.
pub fn split_label(line: &str) -> (&str, &str) {
    match line.find(':') {
        Some(i) => (&line[..=i], line[i + 1..].trim_start()),
        None => ("", line),
    }
}

/// Counts lines whose label equals `label`.
pub fn count_label(lines: &[&str], label: &str) -> usize {
    lines.iter().filter(|l| split_label(l).0 == label).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_first_colon() {
        assert_eq!(split_label("WARN: disk low"), ("WARN", "disk low"));
        assert_eq!(split_label("a:b:c"), ("a", "b:c"));
        assert_eq!(split_label("no label here"), ("", "no label here"));
    }

    #[test]
    fn counts_labels() {
        let log = ["INFO: up", "WARN: hot", "INFO:idle"];
        assert_eq!(count_label(&log, "INFO"), 2);
    }
}
