//! Raw HMAC-SHA256 over a buffer in linear memory, for the Node benchmark's
//! ceiling: what the `hmac` + `sha2` crates reach inside V8 with nothing else
//! around them (no header parsing, no base64, no JS↔wasm copies).
//!
//! Protocol: `buffer(n)` returns the address of a scratch buffer of at least
//! `32 + n` bytes; the caller writes the key or the message at `address + 32`,
//! then `set_key(len)` prepares the key state once, and `hmac(len)` clones it,
//! hashes the message and writes the 32-byte tag at `address`.

use core::cell::RefCell;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const TAG: usize = 32;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static KEYED: RefCell<Option<Hmac<Sha256>>> = const { RefCell::new(None) };
}

/// Grow the scratch buffer to `32 + len` bytes; returns its address.
// Exported by symbol name so JS can call it: `no_mangle` counts as unsafe code
// for the lint, although nothing here dereferences a raw pointer.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn buffer(len: usize) -> usize {
    SCRATCH.with_borrow_mut(|scratch| {
        let wanted = len.saturating_add(TAG);
        if scratch.len() < wanted {
            scratch.resize(wanted, 0);
        }
        scratch.as_mut_ptr() as usize
    })
}

/// Prepare the HMAC key state from the `len` key bytes after the tag slot.
/// Returns 1 on success, 0 when `len` is out of range.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn set_key(len: usize) -> u32 {
    let keyed = SCRATCH.with_borrow(|scratch| {
        let key = scratch.get(TAG..TAG.checked_add(len)?)?;
        Hmac::<Sha256>::new_from_slice(key).ok()
    });
    let ok = keyed.is_some();
    KEYED.set(keyed);
    u32::from(ok)
}

/// HMAC of the `len` message bytes after the tag slot, with the prepared key;
/// the tag goes to the first 32 bytes. Returns 1 on success, 0 otherwise.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn hmac(len: usize) -> u32 {
    let Some(mut mac) = KEYED.with_borrow(Clone::clone) else {
        return 0;
    };
    SCRATCH.with_borrow_mut(|scratch| {
        let Some(end) = TAG.checked_add(len) else {
            return 0;
        };
        let Some(message) = scratch.get(TAG..end) else {
            return 0;
        };
        mac.update(message);
        let tag = mac.finalize().into_bytes();
        match scratch.get_mut(..TAG) {
            Some(out) => {
                out.copy_from_slice(&tag);
                1
            }
            None => 0,
        }
    })
}
