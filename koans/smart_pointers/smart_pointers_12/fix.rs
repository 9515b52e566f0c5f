use std::cell::RefCell;

/// Records `score` on the board and returns the best score seen before it.
pub fn record(board: &RefCell<Vec<u32>>, score: u32) -> Option<u32> {
    let prev_best = board.borrow().iter().max().copied();
    board.borrow_mut().push(score);
    prev_best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_previous_best() {
        let board = RefCell::new(Vec::new());
        assert_eq!(record(&board, 40), None);
        assert_eq!(record(&board, 70), Some(40));
        assert_eq!(record(&board, 55), Some(70));
        assert_eq!(*board.borrow(), vec![40, 70, 55]);
    }
}
