mod align;
mod cli;
