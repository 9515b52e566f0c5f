pub enum Download {
    Pending,
    Active(Vec<u8>),
    Done(usize),
}

pub struct Job {
    pub state: Download,
}

impl Job {
    /// Adds a chunk: starts a pending download, extends an active one, ignores a finished one.
    pub fn receive(&mut self, chunk: &[u8]) {
        match &self.state {
            Download::Pending => self.state = Download::Active(chunk.to_vec()),
            Download::Active(buf) => buf.extend_from_slice(chunk),
            Download::Done(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_chunks_until_done() {
        let mut job = Job { state: Download::Pending };
        job.receive(b"ab");
        job.receive(b"cd");
        assert!(matches!(&job.state, Download::Active(b) if b == b"abcd"));
        job.state = Download::Done(4);
        job.receive(b"zz");
        assert!(matches!(job.state, Download::Done(4)));
    }
}
