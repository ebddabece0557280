//! The `dilemma` binary: parse arguments, call the library, exit with its code.

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let code = match dilemma::cli::parse_arguments(&args) {
        Ok(cli) => dilemma::cli::execute(cli),
        Err(code) => code,
    };
    std::process::exit(code);
}
