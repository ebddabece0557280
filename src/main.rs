//! The `dilemma` binary: parse arguments, call the library, exit with its code.

use clap::Parser;

fn main() {
    let cli = dilemma::cli::Cli::parse();
    std::process::exit(dilemma::cli::execute(cli));
}
