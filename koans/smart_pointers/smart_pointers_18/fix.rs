use std::rc::Rc;

#[derive(Debug, PartialEq)]
pub struct Stop {
    pub name: String,
    pub zone: u8,
}

/// Position of this very stop object on the route (an equal-looking stop does not count).
pub fn position_of(route: &[Rc<Stop>], stop: &Rc<Stop>) -> Option<usize> {
    route.iter().position(|s| Rc::ptr_eq(s, stop))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_by_identity() {
        let stop = |n: &str| Rc::new(Stop { name: n.to_string(), zone: 1 });
        let (depot, elm_a, elm_b) = (stop("Depot"), stop("Elm St"), stop("Elm St"));
        let route = vec![Rc::clone(&depot), Rc::clone(&elm_a), Rc::clone(&elm_b)];
        assert_eq!(position_of(&route, &elm_b), Some(2));
        assert_eq!(position_of(&route, &depot), Some(0));
        assert_eq!(position_of(&route[..2], &stop("Depot")), None);
    }
}
