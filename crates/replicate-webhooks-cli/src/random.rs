//! Random ids that look like Replicate's (not secrets: any uniform source will do).

/// `len` random characters from `a-z0-9`, e.g. a 26-character prediction id
/// like `gm3qorzdhgbfurvjtvhg6dckhu`.
///
/// ```
/// let id = replicate_webhooks_cli::random::lower_alnum(26);
/// assert_eq!(id.len(), 26);
/// assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
/// ```
pub fn lower_alnum(len: usize) -> String {
    from_alphabet(b"abcdefghijklmnopqrstuvwxyz0123456789", len)
}

/// `len` random lowercase hex digits (model version ids are 64 of them).
pub fn hex(len: usize) -> String {
    from_alphabet(b"0123456789abcdef", len)
}

fn from_alphabet(alphabet: &[u8], len: usize) -> String {
    let size = alphabet.len();
    // Bytes at or above the largest multiple of the alphabet size are skipped,
    // which keeps the characters uniform.
    let limit = 256usize
        .checked_div(size)
        .and_then(|per| per.checked_mul(size))
        .unwrap_or(0);
    let mut id = String::with_capacity(len);
    while id.len() < len && limit > 0 {
        let mut random = [0u8; 64];
        // Ids only need to differ between runs; if the OS RNG fails, fall back
        // to the clock so two runs still rarely collide.
        if getrandom::fill(&mut random).is_err() {
            random = clock_bytes();
        }
        for byte in random.map(usize::from) {
            if byte < limit && id.len() < len {
                if let Some(&c) = byte.checked_rem(size).and_then(|i| alphabet.get(i)) {
                    id.push(char::from(c));
                }
            }
        }
    }
    id
}

fn clock_bytes() -> [u8; 64] {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let mut bytes = [0u8; 64];
    for (slot, byte) in bytes.iter_mut().zip(nanos.to_le_bytes().iter().cycle()) {
        *slot = *byte;
    }
    bytes
}
