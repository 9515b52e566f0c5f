pub struct Reading {
    pub at: u32,
    pub value: f64,
}

/// The lowest and highest readings of a batch.
pub struct Extremes<'a> {
    pub low: &'a Reading,
    pub high: &'a Reading,
}

pub fn extremes(batch: &[Reading]) -> Option<Extremes<'_>> {
    let low = batch.iter().min_by(|a, b| a.value.total_cmp(&b.value))?;
    let high = batch.iter().max_by(|a, b| a.value.total_cmp(&b.value))?;
    Some(Extremes { low, high })
}

/// Archives a batch, returning the timestamps of its lowest and highest readings.
pub fn archive(store: &mut Vec<Vec<Reading>>, batch: Vec<Reading>) -> Option<(u32, u32)> {
    let ex = extremes(&batch).map(|e| (e.low.at, e.high.at));
    store.push(batch);
    ex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_and_reports_extremes() {
        let r = |at, value| Reading { at, value };
        let mut store = Vec::new();
        assert_eq!(archive(&mut store, vec![r(10, 3.5), r(11, -1.0), r(12, 9.25)]), Some((11, 12)));
        assert_eq!(archive(&mut store, vec![]), None);
        assert_eq!(store.len(), 2);
    }
}
