//! One binary, two faces: in the browser it mounts the playground; natively it is the
//! headless runner (`ringleader --help`), which drives the same core for tests, benchmarks
//! and batch experiments.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main(std::env::args().skip(1).collect()));
}

#[cfg(all(target_arch = "wasm32", feature = "web"))]
fn main() {
    ringleader::ui::mount();
}

#[cfg(all(target_arch = "wasm32", not(feature = "web")))]
fn main() {}
