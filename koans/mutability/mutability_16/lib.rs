/// A tic-tac-toe board: 0 = empty, 1 = X, 2 = O.
pub struct Board {
    pub cells: [[u8; 3]; 3],
}

impl Board {
    /// Turns every X into an O and every O into an X; returns how many marks changed.
    pub fn swap_marks(&mut self) -> usize {
        let mut changed = 0;
        for mut row in self.cells {
            for cell in row.iter_mut() {
                if *cell != 0 {
                    *cell = 3 - *cell;
                    changed += 1;
                }
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_every_mark() {
        let mut b = Board { cells: [[1, 0, 2], [0, 1, 0], [2, 2, 0]] };
        assert_eq!(b.swap_marks(), 5);
        assert_eq!(b.cells, [[2, 0, 1], [0, 2, 0], [1, 1, 0]]);
    }
}
