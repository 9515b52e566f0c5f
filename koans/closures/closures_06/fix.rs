/// Lifts every score below the current best by `bonus`, never past that best.
pub fn catch_up(scores: &mut [u32], bonus: u32) {
    let n = scores.len();
    let best = *scores.iter().max().unwrap_or(&0);
    let mut lift = |i: usize| {
        if scores[i] < best {
            scores[i] = (scores[i] + bonus).min(best);
        }
    };
    for i in 0..n {
        lift(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_laggards() {
        let mut s = [10, 4, 9, 10, 0];
        catch_up(&mut s, 3);
        assert_eq!(s, [10, 7, 10, 10, 3]);
        let mut empty: [u32; 0] = [];
        catch_up(&mut empty, 5);
    }
}
