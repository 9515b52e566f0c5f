use std::collections::HashMap;

#[derive(Debug, PartialEq)]
pub enum StockError {
    UnknownSku(String),
    Insufficient { have: u32, want: u32 },
}

/// Removes `qty` units of `sku` from the inventory and returns what is left.
pub fn take_stock(inv: &mut HashMap<String, u32>, sku: &str, qty: u32) -> Result<u32, StockError> {
    let have = inv
        .get_mut(sku)
        .ok_or_else(|| StockError::UnknownSku(sku.to_string()))?;
    if *have < qty {
        return Err(StockError::Insufficient { have: *have, want: qty });
    }
    *have -= qty;
    Ok(*have)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_moves() {
        let mut inv = HashMap::from([("bolt".to_string(), 10)]);
        assert_eq!(take_stock(&mut inv, "bolt", 4), Ok(6));
        assert_eq!(take_stock(&mut inv, "bolt", 7), Err(StockError::Insufficient { have: 6, want: 7 }));
        assert_eq!(take_stock(&mut inv, "nut", 1), Err(StockError::UnknownSku("nut".into())));
        assert_eq!(inv["bolt"], 6);
    }
}
