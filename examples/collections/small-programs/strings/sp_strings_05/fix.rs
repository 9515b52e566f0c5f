/// Run-length encodes a string: "aaabcc" becomes "a3b1c2".
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    let mut run: Option<(char, usize)> = None;
    for c in text.chars() {
        if let Some((prev, count)) = run && prev == c {
            run = Some((prev, count + 1));
            continue;
        }
        if let Some((prev, count)) = run {
            out.push_str(&format!("{prev}{count}"));
        }
        run = Some((c, 1));
    }
    if let Some((prev, count)) = run {
        out.push_str(&format!("{prev}{count}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_every_run() {
        assert_eq!(encode("aaabcc"), "a3b1c2");
        assert_eq!(encode("zz"), "z2");
        assert_eq!(encode(""), "");
    }
}
