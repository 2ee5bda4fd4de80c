//! Ringleader: a visual playground for the core ideas of distributed systems.
//!
//! The core (`sim`, and the protocol and placement modules built on it) is plain Rust that
//! compiles natively and to wasm and never touches the DOM or a clock. The `ui` module, behind
//! the `web` feature, is the only code that knows about the browser.

pub mod check;
pub mod lab;
pub mod playground;
pub mod quorum;
pub mod raft;
pub mod ring;
pub mod scenario;
pub mod share;
pub mod sim;

#[cfg(feature = "web")]
pub mod ui;
