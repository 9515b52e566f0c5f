use std::f64::consts::PI;

pub trait Shape {
    fn name(&self) -> &'static str;
    fn area(&self) -> f64;
    fn perimeter(&self) -> f64;
}

pub struct Circle {
    pub radius: f64,
}

pub struct Rect {
    pub w: f64,
    pub h: f64,
}

/// A triangle given by its three side lengths.
pub struct Triangle {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl Shape for Circle {
    fn name(&self) -> &'static str {
        "circle"
    }
    fn area(&self) -> f64 {
        PI * self.radius * self.radius
    }
    fn perimeter(&self) -> f64 {
        2.0 * PI * self.radius
    }
}

impl Shape for Rect {
    fn name(&self) -> &'static str {
        "rect"
    }
    fn area(&self) -> f64 {
        self.w * self.h
    }
    fn perimeter(&self) -> f64 {
        2.0 * (self.w + self.h)
    }
}

impl Shape for Triangle {
    fn name(&self) -> &'static str {
        "triangle"
    }
    fn area(&self) -> f64 {
        // Heron's formula
        let s = self.perimeter() / 2.0;
        (s * (s - self.a) * (s - self.b) * (s - self.c)).sqrt()
    }
    fn perimeter(&self) -> f64 {
        self.a + self.b + self.c
    }
}

/// The name of the shape with the largest area.
pub fn largest(shapes: &[Box<dyn Shape>]) -> Option<&'static str> {
    shapes.iter().max_by(|x, y| x.area().total_cmp(&y.area())).map(|s| s.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_and_perimeters() {
        let t = Triangle { a: 3.0, b: 4.0, c: 5.0 };
        assert!((t.area() - 6.0).abs() < 1e-9);
        assert!((t.perimeter() - 12.0).abs() < 1e-9);
        assert!((Rect { w: 2.0, h: 5.0 }.perimeter() - 14.0).abs() < 1e-9);
        let shapes: Vec<Box<dyn Shape>> =
            vec![Box::new(t), Box::new(Circle { radius: 1.5 }), Box::new(Rect { w: 2.0, h: 3.0 })];
        assert_eq!(largest(&shapes), Some("circle"));
    }
}
