use std::collections::HashMap;

/// Parses `key = value` lines into a map, skipping lines that have no `=`.
pub fn parse_settings(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        map.insert(key.trim().to_string(), value.trim().to_string());
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_and_skips_noise() {
        let m = parse_settings("# display\nwidth = 800\n\nheight=600\ntitle = a=b");
        assert_eq!(m.len(), 3);
        assert_eq!(m["width"], "800");
        assert_eq!(m["height"], "600");
        assert_eq!(m["title"], "a=b");
    }
}
