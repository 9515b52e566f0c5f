struct Item {
    name: &'static str,
    qty: u32,
    price_cents: u32,
}

fn stock_value_cents(items: &[Item]) -> u32 {
    items.iter().map(|item| item.qty * item.price_cents).sum()
}

fn main() {
    let stock = [
        Item { name: "bolts", qty: 120, price_cents: 15 },
        Item { name: "nuts", qty: 300, price_cents: 4 },
        Item { name: "hinges", qty: 8, price_cents: 250 },
    ];
    println!("item        qty");
    for item in &stock {
        println!("{:<10}{:>5}", item.name, item.qty);
    }
    let total = stock_value_cents(&stock);
    println!("stock value: {}.{:02}", total / 100, total % 100);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_quantity_times_price() {
        let items = [
            Item { name: "a", qty: 3, price_cents: 150 },
            Item { name: "b", qty: 0, price_cents: 99 },
        ];
        assert_eq!(stock_value_cents(&items), 450);
        assert_eq!(items[0].name, "a");
    }
}
