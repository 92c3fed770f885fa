//! The `rvmmu` binary: parses the command line, sets up logging (the only
//! place `env_logger` is initialised) and runs the command. See
//! `exit_status.rs` for the exit statuses.

use clap::Parser;
use emulator::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap exits with code 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    let mut logger =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn"));
    for target in cli.log_targets() {
        logger.filter_module(target, log::LevelFilter::Info);
    }
    logger.format_timestamp(None).init();
    ExitCode::from(cli::execute(cli))
}
