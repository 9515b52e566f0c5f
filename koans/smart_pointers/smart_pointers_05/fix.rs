use std::rc::Rc;

pub struct Employee {
    pub name: String,
    pub manager: Option<Rc<Employee>>,
}

/// Creates one report per name, all pointing at the same manager.
pub fn team(manager: Employee, names: &[&str]) -> Vec<Employee> {
    let boss = Rc::new(manager);
    let mut reports = Vec::new();
    for name in names {
        reports.push(Employee { name: name.to_string(), manager: Some(Rc::clone(&boss)) });
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_report_to_boss() {
        let boss = Employee { name: "Ivy".into(), manager: None };
        let t = team(boss, &["Al", "Bea"]);
        let m = t[1].manager.as_ref().unwrap();
        assert_eq!(m.name, "Ivy");
        assert_eq!(Rc::strong_count(m), 2);
    }
}
