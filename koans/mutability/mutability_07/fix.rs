/// Writes length-prefixed frames into a borrowed byte buffer.
pub struct FrameWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> FrameWriter<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        FrameWriter { out }
    }

    /// Appends one byte of length followed by the payload (at most 255 bytes).
    pub fn frame(&mut self, payload: &[u8]) -> bool {
        if payload.len() > 255 {
            return false;
        }
        self.out.push(payload.len() as u8);
        self.out.extend_from_slice(payload);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_frames_into_buffer() {
        let mut buf = vec![0xAA];
        {
            let mut w = FrameWriter::new(&mut buf);
            assert!(w.frame(b"hi"));
            assert!(w.frame(b""));
            assert!(!w.frame(&[0; 300]));
        }
        assert_eq!(buf, vec![0xAA, 2, b'h', b'i', 0]);
    }
}
