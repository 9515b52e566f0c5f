#[derive(Debug, PartialEq)]
pub struct Job {
    pub name: String,
    pub every_mins: u32,
    pub retries: u32,
}

/// Parses "name|every_mins|retries"; the retries field may be left blank to mean zero.
pub fn parse_job(line: &str) -> Result<Job, String> {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let [name, every, retries] = fields[..] else {
        return Err(format!("expected 3 fields, got {}", fields.len()));
    };
    let every_mins = every.parse().map_err(|_| format!("bad interval {every:?}"))?;
    let retries = match retries {
        "" => 0,
        r => r.parse().map_err(|_| format!("bad retries {r:?}"))?,
    };
    Ok(Job { name: name.to_string(), every_mins, retries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines() {
        let job = parse_job("backup | 60 | 3").unwrap();
        assert_eq!(job, Job { name: "backup".into(), every_mins: 60, retries: 3 });
        assert_eq!(parse_job("ping|5|").unwrap().retries, 0);
    }

    #[test]
    fn bad_lines() {
        assert_eq!(parse_job("backup|hourly|1"), Err("bad interval \"hourly\"".to_string()));
        assert_eq!(parse_job("x|1|y"), Err("bad retries \"y\"".to_string()));
        assert_eq!(parse_job("x|1"), Err("expected 3 fields, got 2".to_string()));
    }
}
