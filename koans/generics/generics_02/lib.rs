/// Index and value of the highest reading in a sensor trace (first one wins on ties).
pub fn peak<T>(readings: &[T]) -> Option<(usize, T)> {
    let mut best: Option<(usize, T)> = None;
    for (i, &r) in readings.iter().enumerate() {
        match best {
            Some((_, b)) if b >= r => {}
            _ => best = Some((i, r)),
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_highest() {
        assert_eq!(peak(&[3, 9, 2, 9]), Some((1, 9)));
        assert_eq!(peak(&['q', 'z', 'a']), Some((1, 'z')));
    }

    #[test]
    fn floats_and_empty() {
        assert_eq!(peak(&[-1.5, -0.5, -2.0]), Some((1, -0.5)));
        assert_eq!(peak::<u32>(&[]), None);
    }
}
