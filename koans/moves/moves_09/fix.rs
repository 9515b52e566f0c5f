pub enum Event {
    Chat { from: String, text: String },
    Join(String),
    Leave(String),
}

pub struct Room {
    pub log: Vec<Event>,
    pub chars_said: usize,
}

impl Room {
    /// Appends the event to the log, tracking the total characters of chat text.
    pub fn record(&mut self, event: Event) {
        let said = match &event {
            Event::Chat { text, .. } => text.as_str().chars().count(),
            _ => 0,
        };
        self.log.push(event);
        self.chars_said += said;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_chat_characters() {
        let mut room = Room { log: vec![], chars_said: 0 };
        room.record(Event::Join("mo".into()));
        room.record(Event::Chat { from: "mo".into(), text: "héllo".into() });
        room.record(Event::Chat { from: "di".into(), text: "ok".into() });
        room.record(Event::Leave("mo".into()));
        assert_eq!(room.chars_said, 7);
        assert_eq!(room.log.len(), 4);
        assert!(matches!(&room.log[1], Event::Chat { from, .. } if from == "mo"));
    }
}
