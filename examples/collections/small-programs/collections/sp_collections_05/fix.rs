/// Removes every coupon that expired before `today`, in place; returns how many went.
pub fn drop_expired(expiries: &mut Vec<u32>, today: u32) -> usize {
    let before = expiries.len();
    let mut i = 0;
    while i < expiries.len() {
        if expiries[i] < today {
            expiries.remove(i);
        } else {
            i += 1;
        }
    }
    before - expiries.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_expired_coupons() {
        let mut coupons = vec![5, 3, 4, 10, 2];
        assert_eq!(drop_expired(&mut coupons, 6), 4);
        assert_eq!(coupons, vec![10]);
    }
}
