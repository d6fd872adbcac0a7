mod cli;
mod dedup;
