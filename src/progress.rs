//! Progress on stderr (indicatif): the stage and articles per second, for runs longer than a
//! moment. Hidden with `--quiet` and whenever stderr is not a terminal (indicatif's stderr
//! target draws nothing then), so logs and pipes stay clean.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg:<10} {pos:>8}/{len:8} {per_sec:>14} {elapsed}",
            )
            .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl wirediff::Progress for Bar {
    fn start(&self, stage: &'static str, total: u64) {
        // Position first, so that no frame shows the last stage's count against this one's total.
        self.bar.set_position(0);
        self.bar.set_message(stage);
        self.bar.set_length(total);
        self.bar.reset_eta();
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}
