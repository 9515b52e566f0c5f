/// Replaces each interior sample with the mean of itself and its two original neighbours.
pub fn smooth(samples: &mut [i32]) {
    if samples.len() < 3 {
        return;
    }
    let mut left = samples[0];
    for i in 1..samples.len() - 1 {
        let avg = (left + samples[i] + samples[i + 1]) / 3;
        samples[i] = avg;
        left = avg;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_original_neighbours() {
        let mut s = [0, 9, 0, 9, 0];
        smooth(&mut s);
        assert_eq!(s, [0, 3, 6, 3, 0]);
        let mut ramp = [3, 6, 9, 12];
        smooth(&mut ramp);
        assert_eq!(ramp, [3, 6, 9, 12]);
        let mut short = [5, 70];
        smooth(&mut short);
        assert_eq!(short, [5, 70]);
    }
}
