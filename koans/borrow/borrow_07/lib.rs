/// Appends a copy of every shouted (all-caps) word to the end of the list.
pub fn echo_shouts(words: &mut Vec<String>) {
    for w in words.iter() {
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase()) {
            words.push(w.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_only_shouts() {
        let mut w: Vec<String> = ["hi", "STOP", "Go", "", "NOW"].iter().map(|s| s.to_string()).collect();
        echo_shouts(&mut w);
        assert_eq!(w, ["hi", "STOP", "Go", "", "NOW", "STOP", "NOW"]);
    }
}
