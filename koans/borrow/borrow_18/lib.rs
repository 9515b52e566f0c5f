/// A double-buffered draw list: callers draw into `back`, `present` makes it visible.
pub struct Frames {
    pub front: Vec<char>,
    pub back: Vec<char>,
    pub presented: u32,
}

impl Frames {
    pub fn draw(&mut self, c: char) {
        self.back.push(c);
    }

    /// Shows the back buffer and starts a fresh, empty back buffer.
    pub fn present(&mut self) -> &[char] {
        std::mem::swap(&mut self.front, &mut self.back);
        self.front.clear();
        self.presented += 1;
        &self.front
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_shows_last_drawing() {
        let mut f = Frames { front: vec!['x'], back: vec![], presented: 0 };
        f.draw('a');
        f.draw('b');
        assert_eq!(f.present(), &['a', 'b']);
        f.draw('c');
        assert_eq!(f.present(), &['c']);
        assert!(f.back.is_empty());
        assert_eq!(f.presented, 2);
    }
}
