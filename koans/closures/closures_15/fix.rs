pub struct Runner {
    pub name: &'static str,
    pub bib: u32,
    pub finish_secs: u32,
}

/// Names of the three fastest runners; equal times go to the lower bib.
pub fn podium(mut field: Vec<Runner>) -> Vec<&'static str> {
    field.sort_by_key(|r| (r.finish_secs, r.bib));
    field.into_iter().take(3).map(|r| r.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(name: &'static str, bib: u32, finish_secs: u32) -> Runner {
        Runner { name, bib, finish_secs }
    }

    #[test]
    fn fastest_three() {
        let field = vec![r("ada", 1, 3605), r("bo", 2, 3500), r("cy", 3, 3700), r("di", 4, 3500)];
        assert_eq!(podium(field), vec!["bo", "di", "ada"]);
        assert_eq!(podium(vec![r("solo", 9, 10)]), vec!["solo"]);
    }
}
