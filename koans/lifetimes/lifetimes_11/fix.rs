/// Decodes a packet payload and returns its non-empty `|`-separated fields, trimmed.
pub fn payload_fields(packet: &[u8]) -> Vec<String> {
    let decoded = String::from_utf8_lossy(packet);
    let text = decoded.trim();
    text.split('|')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(String::from)
        .collect()
}

/// Number of fields in a payload.
pub fn field_count(packet: &[u8]) -> usize {
    payload_fields(packet).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fields() {
        assert_eq!(payload_fields(b"  id=4 | temp=21 ||ok \n"), vec!["id=4", "temp=21", "ok"]);
    }

    #[test]
    fn invalid_bytes_are_replaced() {
        let fields = payload_fields(b"a|\xffb");
        assert_eq!(fields, vec!["a".to_string(), "\u{fffd}b".to_string()]);
        assert_eq!(field_count(b"|||"), 0);
    }
}
