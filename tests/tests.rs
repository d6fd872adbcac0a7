mod cli;
mod align;
