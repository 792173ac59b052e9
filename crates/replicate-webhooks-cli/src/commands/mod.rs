//! One module per command; each exposes `run(args, out)`.

pub mod listen;
pub mod send;
pub mod sign;
pub mod verify;
