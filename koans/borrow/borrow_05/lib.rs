/// A dense row-major matrix.
pub struct Matrix {
    pub rows: Vec<Vec<f64>>,
}

impl Matrix {
    /// Row operation used in elimination: `rows[dst] += factor * rows[src]`.
    pub fn add_scaled_row(&mut self, dst: usize, src: usize, factor: f64) {
        let source = &self.rows[src];
        for (d, s) in self.rows[dst].iter_mut().zip(source) {
            *d += factor * s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eliminates_below_pivot() {
        let mut m = Matrix { rows: vec![vec![2.0, 1.0], vec![4.0, 5.0]] };
        m.add_scaled_row(1, 0, -2.0);
        assert_eq!(m.rows, vec![vec![2.0, 1.0], vec![0.0, 3.0]]);
        m.add_scaled_row(0, 0, 1.0);
        assert_eq!(m.rows[0], vec![4.0, 2.0]);
    }
}
