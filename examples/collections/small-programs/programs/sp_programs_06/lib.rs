//! Reads Roman numerals and prints their values.

fn value(symbol: char) -> Option<u32> {
    match symbol {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    }
}

/// The value of a numeral such as "MCMXCIV"; `None` if a symbol is not Roman.
/// Read from the right: a symbol smaller than one already seen is subtracted.
fn parse_roman(numeral: &str) -> Option<u32> {
    let values: Vec<u32> = numeral.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    let mut largest = 0;
    for v in values.into_iter().rev() {
        if v <= largest {
            total -= v;
        } else {
            total += v;
            largest = v;
        }
    }
    Some(total)
}

fn main() {
    for numeral in ["XIV", "MMXXV", "ABC"] {
        match parse_roman(numeral) {
            Some(n) => println!("{numeral} = {n}"),
            None => println!("{numeral} is not a Roman numeral"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(parse_roman("XXVII"), Some(27));
        assert_eq!(parse_roman("MCMXCIV"), Some(1994));
        assert_eq!(parse_roman("XIZ"), None);
    }
}
