//! Grade report: each student's rounded average and letter, then the class average.

struct Student {
    name: &'static str,
    scores: Vec<u32>,
}

/// The average of some scores, rounded to the nearest whole point; 0 for none.
fn average(scores: &[u32]) -> u32 {
    if scores.is_empty() {
        return 0;
    }
    let total: u32 = scores.iter().sum();
    let n = scores.len() as u32;
    (total + n / 2) / n
}

/// The usual bands: 90 and above is an A, 80 and above a B, and so on down to F.
fn letter(average: u32) -> char {
    if average > 90 {
        'A'
    } else if average >= 80 {
        'B'
    } else if average >= 70 {
        'C'
    } else if average >= 60 {
        'D'
    } else {
        'F'
    }
}

/// One line per student: name, average and letter.
fn report(students: &[Student]) -> Vec<String> {
    students
        .iter()
        .map(|s| {
            let avg = average(&s.scores);
            format!("{:<6}{avg:>4} {}", s.name, letter(avg))
        })
        .collect()
}

fn main() {
    let students = vec![
        Student { name: "Ada", scores: vec![88, 92, 90] },
        Student { name: "Brian", scores: vec![75, 68, 81] },
        Student { name: "Chen", scores: vec![55, 61, 58] },
    ];
    for line in report(&students) {
        println!("{line}");
    }
    let averages: Vec<u32> = students.iter().map(|s| average(&s.scores)).collect();
    println!("class {:>4}", average(&averages));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_edges() {
        assert_eq!(letter(90), 'A');
        assert_eq!(letter(89), 'B');
        assert_eq!(letter(59), 'F');
    }

    #[test]
    fn report_line() {
        let ada = Student { name: "Ada", scores: vec![88, 92, 90] };
        assert_eq!(report(&[ada]), vec!["Ada     90 A"]);
    }
}
