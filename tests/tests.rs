mod cli;
mod diff;
