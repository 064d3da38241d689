//! The `otty` binary: parse arguments, set up logging, dispatch.

fn main() {}
