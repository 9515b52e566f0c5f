use std::collections::HashMap;

pub type Timetable<'a> = HashMap<(&'a str, &'a str), u32>;

/// Minutes for a two-leg journey via `via`, if both legs appear in the timetable.
pub fn trip_minutes(table: &Timetable, from: &str, via: &str, to: &str) -> Option<u32> {
    let first = table.get(&(from, via))?;
    let second = table.get(&(via, to))?;
    Some(first + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Timetable<'static> {
        HashMap::from([(("york", "leeds"), 25), (("leeds", "hull"), 60)])
    }

    #[test]
    fn both_legs_known() {
        assert_eq!(trip_minutes(&table(), "york", "leeds", "hull"), Some(85));
    }

    #[test]
    fn missing_leg() {
        assert_eq!(trip_minutes(&table(), "york", "leeds", "bath"), None);
        assert_eq!(trip_minutes(&table(), "hull", "leeds", "york"), None);
    }
}
