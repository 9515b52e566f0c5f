/// Two values of the same type, e.g. the ends of a range or a pair of coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair<T> {
    pub first: T,
    pub second: T,
}

impl<T: PartialOrd> Pair<T> {
    pub fn swapped(self) -> Pair<T> {
        let Pair { first, second } = self;
        Pair { first, second }
    }

    /// Puts the smaller value first.
    pub fn ordered(self) -> Pair<T> {
        if self.first <= self.second { self } else { self.swapped() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_values() {
        let p = Pair { first: 'x', second: 'y' };
        assert_eq!(p.swapped(), Pair { first: 'y', second: 'x' });
    }

    #[test]
    fn orders_values() {
        assert_eq!(Pair { first: 9, second: 2 }.ordered(), Pair { first: 2, second: 9 });
        assert_eq!(Pair { first: 1.5, second: 3.0 }.ordered(), Pair { first: 1.5, second: 3.0 });
    }
}
