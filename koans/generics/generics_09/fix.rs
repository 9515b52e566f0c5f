/// A database id tagged with the table it belongs to, so ids of different tables cannot be mixed up.
pub struct Id<Table> {
    raw: u64,
    _table: std::marker::PhantomData<Table>,
}

impl<Table> Id<Table> {
    pub fn new(raw: u64) -> Self {
        Self { raw, _table: std::marker::PhantomData }
    }

    pub fn raw(&self) -> u64 {
        self.raw
    }

    /// The id that the next inserted row of the same table will get.
    pub fn next(&self) -> Self {
        Self::new(self.raw + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct User;
    struct Invoice;

    fn owner_name(names: &[&'static str], id: &Id<User>) -> &'static str {
        names[id.raw() as usize]
    }

    #[test]
    fn ids_carry_their_table() {
        let u: Id<User> = Id::new(1);
        let inv: Id<Invoice> = Id::new(1);
        assert_eq!(owner_name(&["root", "mara", "teo"], &u.next()), "teo");
        assert_eq!(inv.next().next().raw(), 3);
        assert_eq!(std::mem::size_of::<Id<User>>(), 8);
    }
}
