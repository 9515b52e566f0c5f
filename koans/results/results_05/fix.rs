/// Sums a comma-separated list of quantities, naming the first entry that is not a number.
pub fn total_quantity(list: &str) -> Result<u32, String> {
    let mut total = 0;
    for entry in list.split(',').map(str::trim) {
        let qty: u32 = entry
            .parse::<u32>()
            .map_err(|e| format!("bad quantity {entry:?}: {e}"))?;
        total += qty;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::total_quantity;

    #[test]
    fn adds_up() {
        assert_eq!(total_quantity("3, 4,10"), Ok(17));
    }

    #[test]
    fn names_the_culprit() {
        let msg = total_quantity("1, two, 3").unwrap_err();
        assert!(msg.starts_with("bad quantity \"two\""), "{msg}");
    }
}
