/// Merges two sorted slices into one sorted vector (stable: ties take from `a` first).
pub fn merge_sorted<T: PartialOrd + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    fn drain_rest<U: Clone>(out: &mut Vec<U>, rest: &[U]) {
        out.extend_from_slice(rest);
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j] < a[i] {
            out.push(b[j].clone());
            j += 1;
        } else {
            out.push(a[i].clone());
            i += 1;
        }
    }
    drain_rest(&mut out, &a[i..]);
    drain_rest(&mut out, &b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_numbers() {
        assert_eq!(merge_sorted(&[1, 4, 9], &[2, 3, 10, 11]), vec![1, 2, 3, 4, 9, 10, 11]);
        assert_eq!(merge_sorted(&[], &[5]), vec![5]);
    }

    #[test]
    fn merges_strings() {
        let a = ["ant".to_string(), "fox".to_string()];
        let b = ["bee".to_string()];
        assert_eq!(merge_sorted(&a, &b), ["ant", "bee", "fox"]);
    }
}
