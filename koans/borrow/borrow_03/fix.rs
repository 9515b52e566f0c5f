/// Expands run-length pairs like (3, 'a') into text, separating runs with '|'.
pub fn expand(runs: &[(usize, char)]) -> String {
    let mut out = String::new();
    let mut emit = |c: char, n: usize| out.extend(std::iter::repeat_n(c, n));
    for (i, &(n, c)) in runs.iter().enumerate() {
        if i > 0 {
            emit('|', 1);
        }
        emit(c, n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_runs_with_separators() {
        assert_eq!(expand(&[(3, 'a'), (1, 'b'), (2, 'c')]), "aaa|b|cc");
        assert_eq!(expand(&[(2, 'z')]), "zz");
        assert_eq!(expand(&[(0, 'q'), (1, 'r')]), "|r");
        assert_eq!(expand(&[]), "");
    }
}
