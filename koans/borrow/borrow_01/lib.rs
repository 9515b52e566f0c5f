/// Stock levels per warehouse bin, indexed by bin number.
pub struct Warehouse {
    pub bins: Vec<u32>,
}

impl Warehouse {
    /// Moves up to `qty` units from bin `from` to bin `to`; returns how many moved.
    pub fn transfer(&mut self, from: usize, to: usize, qty: u32) -> u32 {
        let src = &mut self.bins[from];
        let dst = &mut self.bins[to];
        let moved = qty.min(*src);
        *src -= moved;
        *dst += moved;
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_at_most_what_is_there() {
        let mut w = Warehouse { bins: vec![5, 1, 0] };
        assert_eq!(w.transfer(0, 2, 3), 3);
        assert_eq!(w.transfer(1, 2, 4), 1);
        assert_eq!(w.bins, vec![2, 0, 4]);
    }
}
