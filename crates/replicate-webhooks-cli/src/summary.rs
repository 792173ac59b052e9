//! One-line descriptions of a verified webhook, shared by `verify` and `listen`.

use replicate_webhooks::payload::Payload;

/// `prediction gm3qorzdhgbfurvjtvhg6dckhu succeeded`.
///
/// ```
/// use replicate_webhooks::payload::Payload;
/// let payload = Payload::parse(br#"{"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded"}"#).unwrap();
/// assert_eq!(replicate_webhooks_cli::summary::describe(&payload), "prediction gm3qorzdhgbfurvjtvhg6dckhu succeeded");
/// ```
pub fn describe(payload: &Payload) -> String {
    format!(
        "{} {} {}",
        payload.kind().as_str(),
        payload.id(),
        payload.status()
    )
}

/// `345 B`, `1.2 KiB`, `3.4 MiB`.
pub fn size(bytes: usize) -> String {
    // Sizes are shown to one decimal; f64 holds any body length well enough.
    let value = bytes as f64;
    if value < 1024.0 {
        format!("{bytes} B")
    } else if value < 1024.0 * 1024.0 {
        format!("{:.1} KiB", value / 1024.0)
    } else {
        format!("{:.1} MiB", value / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_naturally() {
        assert_eq!(super::size(345), "345 B");
        assert_eq!(super::size(1_300), "1.3 KiB");
        assert_eq!(super::size(3 << 20), "3.0 MiB");
    }
}
