//! Tic-tac-toe referee: replays a game's moves and announces the winner.

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mark {
    X,
    O,
}

type Board = [[Option<Mark>; 3]; 3];

/// Every winning line: three rows, three columns and the two diagonals.
fn lines() -> Vec<[(usize, usize); 3]> {
    let mut all = Vec::new();
    for i in 0..3 {
        all.push([(i, 0), (i, 1), (i, 2)]);
        all.push([(0, i), (1, i), (2, i)]);
    }
    all.push([(0, 0), (1, 1), (2, 2)]);
    all.push([(0, 2), (1, 1), (2, 0)]);
    all
}

fn winner(board: &Board) -> Option<Mark> {
    for line in lines() {
        let [a, b, c] = line.map(|(row, col)| board[row][col]);
        if let Some(mark) = a && a == b && b == c {
            return Some(mark);
        }
    }
    None
}

/// Plays the (row, column) moves alternately, X first; stops at the first win.
fn play(moves: &[(usize, usize)]) -> Option<Mark> {
    let mut board: Board = [[None; 3]; 3];
    let mut turn = Mark::X;
    for &(row, col) in moves {
        board[row][col] = Some(turn);
        if let Some(mark) = winner(&board) {
            return Some(mark);
        }
        turn = if turn == Mark::X { Mark::O } else { Mark::X };
    }
    None
}

fn main() {
    let game = [(1, 1), (0, 0), (0, 2), (2, 2), (2, 0)];
    match play(&game) {
        Some(mark) => println!("{mark:?} wins"),
        None => println!("no winner"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wins_on_each_kind_of_line() {
        assert_eq!(play(&[(1, 1), (0, 0), (0, 2), (2, 2), (2, 0)]), Some(Mark::X));
        assert_eq!(play(&[(0, 0), (0, 1), (2, 2), (1, 1), (2, 0), (2, 1)]), Some(Mark::O));
        assert_eq!(play(&[(0, 0), (1, 1)]), None);
    }
}
