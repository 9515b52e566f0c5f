pub struct Employee {
    pub id: u32,
    pub name: String,
    pub manager: Option<u32>,
}

/// Name of the manager of employee `id`, if the employee has one on file.
pub fn manager_name(staff: &[Employee], id: u32) -> Option<&str> {
    let find = |wanted: u32| staff.iter().find(|e| e.id == wanted);
    let boss_id = find(id).map(|e| e.manager)?;
    find(boss_id).map(|boss| boss.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Vec<Employee> {
        vec![
            Employee { id: 1, name: "Ada".into(), manager: None },
            Employee { id: 2, name: "Brian".into(), manager: Some(1) },
            Employee { id: 3, name: "Cleo".into(), manager: Some(9) },
        ]
    }

    #[test]
    fn lookups() {
        let s = staff();
        assert_eq!(manager_name(&s, 2), Some("Ada"));
        assert_eq!(manager_name(&s, 1), None);
        assert_eq!(manager_name(&s, 3), None);
        assert_eq!(manager_name(&s, 4), None);
    }
}
