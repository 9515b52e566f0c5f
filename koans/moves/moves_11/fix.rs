pub struct Track {
    pub title: String,
    pub secs: u32,
}

pub struct Playlist {
    pub name: String,
    pub tracks: Vec<Track>,
}

/// Wraps tracks into a named playlist, also returning the title of the longest track.
pub fn package(name: &str, tracks: Vec<Track>) -> (Playlist, String) {
    let longest = tracks.iter().max_by_key(|t| t.secs).map(|t| t.title.clone());
    let playlist = Playlist { name: name.to_string(), tracks };
    (playlist, longest.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_longest_title() {
        let t = |title: &str, secs| Track { title: title.into(), secs };
        let (p, longest) = package("road", vec![t("intro", 40), t("epic", 610), t("outro", 95)]);
        assert_eq!(longest, "epic");
        assert_eq!((p.name.as_str(), p.tracks.len()), ("road", 3));
        assert_eq!(package("none", vec![]).1, "");
    }
}
