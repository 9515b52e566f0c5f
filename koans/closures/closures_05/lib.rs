/// Writes a frame: one length byte, then the payload with every 0x7d byte doubled.
pub fn write_frame(buf: &mut Vec<u8>, payload: &[u8]) {
    let mut put = |b: u8| {
        if b == 0x7d {
            buf.push(0x7d);
        }
        buf.push(b);
    };
    buf.push(payload.len() as u8);
    for &b in payload {
        put(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_escapes() {
        let mut buf = vec![0xaa];
        write_frame(&mut buf, &[1, 0x7d, 2]);
        assert_eq!(buf, vec![0xaa, 3, 1, 0x7d, 0x7d, 2]);
        write_frame(&mut buf, &[]);
        assert_eq!(buf.last(), Some(&0));
    }
}
