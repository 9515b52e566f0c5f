pub struct Coupon {
    pub code: String,
    pub expires_on: Option<u32>,
    pub uses_left: Option<u32>,
}

impl Coupon {
    /// Whether the coupon can be redeemed on `day`; a None limit means there is no such limit.
    pub fn usable(&self, day: u32) -> bool {
        let in_date = self.expires_on.is_some_and(|last| day <= last);
        let has_uses = self.uses_left.is_none_or(|n| n > 0);
        in_date && has_uses
    }
}

#[cfg(test)]
mod tests {
    use super::Coupon;

    fn coupon(expires_on: Option<u32>, uses_left: Option<u32>) -> Coupon {
        Coupon { code: "SPRING".into(), expires_on, uses_left }
    }

    #[test]
    fn limits() {
        assert!(coupon(Some(10), Some(1)).usable(10));
        assert!(!coupon(Some(10), Some(1)).usable(11));
        assert!(!coupon(Some(10), Some(0)).usable(1));
        assert!(coupon(None, Some(2)).usable(999));
        assert!(coupon(None, None).usable(0));
        assert!(!coupon(None, Some(0)).usable(0));
    }
}
