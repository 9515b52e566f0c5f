use std::thread;

fn count_vowels(text: &str) -> usize {
    text.chars().filter(|c| "aeiouAEIOU".contains(*c)).count()
}

/// Counts the vowels of every chapter on its own thread.
fn total_vowels(chapters: Vec<String>) -> usize {
    let handles: Vec<_> = chapters
        .into_iter()
        .map(|chapter| thread::spawn(move || count_vowels(&chapter)))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}

fn main() {
    let chapters = vec![
        String::from("The ferry left at dawn with three goats aboard"),
        String::from("Nobody on the island owned a clock"),
    ];
    println!("vowels: {}", total_vowels(chapters));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_over_all_chapters() {
        assert_eq!(count_vowels("Queue"), 4);
        assert_eq!(total_vowels(vec!["ab".to_string(), "EEx".to_string(), String::new()]), 3);
    }
}
