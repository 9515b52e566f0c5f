pub struct Shipment {
    pub parcels: Vec<u32>,
    pub carrier: String,
    pub express: bool,
}

impl Shipment {
    pub fn weight(&self) -> u32 {
        self.parcels.iter().sum()
    }
}

/// One manifest line per parcel, followed by a total-weight line.
pub fn manifest(shipment: Shipment) -> Vec<String> {
    let total = shipment.weight();
    let Shipment { parcels, carrier, .. } = shipment;
    let mut lines: Vec<String> = parcels.iter().map(|p| format!("{carrier}: {p}g")).collect();
    lines.push(format!("total {}g", total));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parcels_then_total() {
        let s = Shipment { parcels: vec![120, 30], carrier: "ups".into(), express: true };
        assert_eq!(manifest(s), vec!["ups: 120g", "ups: 30g", "total 150g"]);
        let empty = Shipment { parcels: vec![], carrier: "dhl".into(), express: false };
        assert_eq!(manifest(empty), vec!["total 0g"]);
    }
}
