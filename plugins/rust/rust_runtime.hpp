#pragma once
// The Rust toolchain a project asks for, as a request to the stack catalogue.
#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

namespace kiln::rust {

// rust-toolchain.toml's [toolchain] channel, or the legacy rust-toolchain
// file's (a bare channel, or the same TOML). A numbered channel ("1.75",
// "1.75.0") means that release or a newer one (Rust's stability promise:
// newer stable compilers build older code); "stable" the default; anything
// else (nightly, beta) is asked for as written, which no stack satisfies.
sdk::BaseImage rust_runtime(const sdk::SourceTree& tree);

}  // namespace kiln::rust
