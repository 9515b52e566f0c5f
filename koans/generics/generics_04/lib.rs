/// A fixed-size 2D grid stored row-major.
pub struct Grid<T> {
    width: usize,
    cells: Vec<T>,
}

impl<T> Grid<T> {
    /// Creates a grid filled with the type's default value.
    pub fn blank(width: usize, height: usize) -> Self {
        let cells = (0..width * height).map(|_| T::default()).collect();
        Grid { width, cells }
    }

    pub fn get(&self, x: usize, y: usize) -> Option<&T> {
        if x >= self.width { None } else { self.cells.get(y * self.width + x) }
    }

    pub fn set(&mut self, x: usize, y: usize, value: T) {
        if x < self.width {
            if let Some(slot) = self.cells.get_mut(y * self.width + x) {
                *slot = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_blank_and_updates() {
        let mut g: Grid<u8> = Grid::blank(3, 2);
        assert_eq!(g.get(2, 1), Some(&0));
        g.set(2, 1, 7);
        assert_eq!(g.get(2, 1), Some(&7));
        assert_eq!(g.get(3, 0), None);
        assert_eq!(g.get(0, 2), None);
    }

    #[test]
    fn works_for_strings() {
        let g: Grid<String> = Grid::blank(1, 1);
        assert_eq!(g.get(0, 0).map(String::as_str), Some(""));
    }
}
