/// An append-only log whose every file begins with a header line.
pub struct Log {
    pub header: String,
    pub lines: Vec<String>,
}

impl Log {
    pub fn new(header: &str) -> Self {
        Log { header: header.to_string(), lines: vec![header.to_string()] }
    }

    pub fn write(&mut self, line: &str) {
        self.lines.push(line.to_string());
    }

    /// Hands back the current file's lines and starts a fresh file.
    pub fn rotate(&mut self) -> Vec<String> {
        std::mem::take(&mut self.lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotated_files_keep_header() {
        let mut log = Log::new("# app");
        log.write("start");
        assert_eq!(log.rotate(), vec!["# app", "start"]);
        log.write("stop");
        assert_eq!(log.rotate(), vec!["# app", "stop"]);
        assert_eq!(log.lines, vec!["# app"]);
    }
}
