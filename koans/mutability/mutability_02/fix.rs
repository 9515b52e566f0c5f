/// Votes for one of three menu options.
#[derive(Default)]
pub struct Poll {
    votes: [u32; 3],
}

impl Poll {
    /// Records a vote; returns false for an option that does not exist.
    pub fn vote(&mut self, option: usize) -> bool {
        match self.votes.get_mut(option) {
            Some(count) => {
                *count += 1;
                true
            }
            None => false,
        }
    }

    pub fn votes_for(&self, option: usize) -> u32 {
        self.votes[option]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_valid_votes() {
        let mut poll = Poll::default();
        assert!(poll.vote(2));
        assert!(poll.vote(2));
        assert!(poll.vote(0));
        assert!(!poll.vote(3));
        assert_eq!((poll.votes_for(0), poll.votes_for(1), poll.votes_for(2)), (1, 0, 2));
    }
}
