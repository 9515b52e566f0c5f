fn summarize(readings: &[u32]) -> (u32, u32) {
    let total: u32 = readings.iter().sum();
    let peak = readings.iter().copied().max().unwrap_or(0);
    (total, peak)
}

fn main() {
    let readings = vec![12, 7, 19, 4];
    for reading in readings {
        println!("reading: {reading}");
    }
    let (total, peak) = summarize(&readings);
    println!("total {total}, peak {peak}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_peak() {
        assert_eq!(summarize(&[3, 9, 1]), (13, 9));
    }

    #[test]
    fn empty_readings_give_zeroes() {
        assert_eq!(summarize(&[]), (0, 0));
    }
}
