/// A room outline measured in metres.
pub enum Room {
    Round(f64),
    Rect(f64, f64),
    Wedge { base: f64, depth: f64 },
}

/// Total floor area of a plan in square metres.
pub fn floor_area(rooms: &[Room]) -> f64 {
    let mut area = 0.0;
    for room in rooms {
        area += match room {
            Room::Round(r) => std::f64::consts::PI * r * r,
            Room::Rect(w) => w * w,
            Room::Wedge { base, depth } => 0.5 * base * depth,
        };
    }
    area
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_mixed_rooms() {
        let plan = [
            Room::Rect(3.0, 4.0),
            Room::Wedge {
                base: 2.0,
                depth: 5.0,
            },
        ];
        assert!((floor_area(&plan) - 17.0).abs() < 1e-9);
        let round = floor_area(&[Room::Round(1.0)]);
        assert!((round - std::f64::consts::PI).abs() < 1e-9);
    }
}
