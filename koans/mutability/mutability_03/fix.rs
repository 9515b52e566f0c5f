pub trait Sink {
    fn accept(&mut self, reading: i32);
}

/// Remembers every reading whose magnitude exceeds the limit.
pub struct Alarm {
    pub limit: i32,
    pub tripped: Vec<i32>,
}

impl Sink for Alarm {
    fn accept(&mut self, reading: i32) {
        if reading.abs() > self.limit {
            self.tripped.push(reading);
        }
    }
}

/// Sends every reading to the sink in order.
pub fn feed(sink: &mut dyn Sink, readings: &[i32]) {
    for &r in readings {
        sink.accept(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_out_of_band_readings() {
        let mut alarm = Alarm { limit: 10, tripped: Vec::new() };
        feed(&mut alarm, &[3, 12, -10, -15, 10, 11]);
        assert_eq!(alarm.tripped, vec![12, -15, 11]);
    }
}
