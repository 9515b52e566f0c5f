use std::rc::Rc;
use std::thread;

/// For each word list, counts (on its own thread) how many words are in the dictionary.
pub fn known_counts(dict: Vec<String>, lists: Vec<Vec<String>>) -> Vec<usize> {
    let dict = Rc::new(dict);
    let workers: Vec<_> = lists
        .into_iter()
        .map(|list| {
            let dict = dict.clone();
            thread::spawn(move || list.iter().filter(|&w| dict.contains(w)).count())
        })
        .collect();
    workers.into_iter().map(|w| w.join().unwrap()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn counts_per_list() {
        let lists = vec![words(&["a", "c"]), words(&[]), words(&["b", "b", "a"])];
        assert_eq!(known_counts(words(&["a", "b"]), lists), vec![1, 0, 3]);
    }
}
