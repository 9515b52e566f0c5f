pub fn mark_done(done: &[bool], task: usize) {
    done[task] = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn marks_one_task() { let mut d = [false; 3]; mark_done(&mut d, 1); assert_eq!(d, [false, true, false]); }
}
