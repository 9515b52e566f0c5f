/// A routing header.
pub struct Header {
    pub src: u16,
    pub dst: u16,
    pub ttl: u8,
}

/// Route key "src->dst" for live packets; expired packets have no route.
pub fn route_key(h: &Header) -> Option<String> {
    match h {
        Header { ttl: 0, .. } => None,
        Header { src, dst, .. } => Some(format!("{src}->{dst}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_packet_has_route() {
        let h = Header {
            src: 10,
            dst: 42,
            ttl: 3,
        };
        assert_eq!(route_key(&h).as_deref(), Some("10->42"));
    }

    #[test]
    fn expired_packet_has_none() {
        let h = Header {
            src: 1,
            dst: 2,
            ttl: 0,
        };
        assert_eq!(route_key(&h), None);
    }
}
