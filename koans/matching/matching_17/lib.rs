/// Compass heading of a grid step, with y growing northward.
pub fn heading(dx: i32, dy: i32) -> &'static str {
    match (dx.signum(), dy.signum()) {
        (0, 0) => "none",
        (0, 1) => "N",
        (0, _) => "S",
        (1, 0) => "E",
        (_, 0) => "W",
        (1, _) => "SE",
        (1, 1) => "NE",
        (_, 1) => "NW",
        _ => "SW",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_eight_headings() {
        let steps = [
            (0, 3),
            (0, -1),
            (2, 0),
            (-7, 0),
            (1, 1),
            (4, -2),
            (-1, 5),
            (-3, -3),
        ];
        let names: Vec<&str> = steps.iter().map(|&(x, y)| heading(x, y)).collect();
        assert_eq!(names, ["N", "S", "E", "W", "NE", "SE", "NW", "SW"]);
        assert_eq!(heading(0, 0), "none");
    }
}
