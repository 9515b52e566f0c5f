pub mod shapes {
    /// Anything with a surface area.
    pub trait Area {
        fn area(&self) -> f64;
    }

    pub struct Rect {
        pub w: f64,
        pub h: f64,
    }

    impl Area for Rect {
        fn area(&self) -> f64 {
            self.w * self.h
        }
    }
}

pub mod paint {
    use crate::shapes::Rect;

    /// Litres of paint for the walls, at `coverage` square metres per litre.
    pub fn litres(walls: &[Rect], coverage: f64) -> f64 {
        walls.iter().map(|w| w.area()).sum::<f64>() / coverage
    }
}

#[cfg(test)]
mod tests {
    use super::paint::litres;
    use super::shapes::Rect;

    #[test]
    fn paint_needed() {
        let walls = [Rect { w: 4.0, h: 2.5 }, Rect { w: 3.0, h: 2.5 }];
        assert!((litres(&walls, 5.0) - 3.5).abs() < 1e-9);
    }
}
