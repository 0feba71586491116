"""The progress bar that `fit(verbose=1)` draws, redrawn in place with '\\r' (also in
notebooks); `verbose=2` prints one line per epoch instead."""
import sys
import time


def format_logs(logs):
    return " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())


class Progbar:
    def __init__(self, total_steps, verbose=1, width=30):
        self.total, self.verbose, self.width = total_steps, verbose, width
        self.start = time.perf_counter()

    def update(self, steps_done, logs, final=False):
        if self.verbose == 0 or (self.verbose == 2 and not final):
            return
        elapsed = time.perf_counter() - self.start
        if self.total is None:  # a dataset or generator of unknown length
            counter = f"{steps_done}/Unknown"
        else:
            counter = f"{steps_done:>{len(str(self.total))}}/{self.total}"
        if self.verbose == 2 or self.total is None:
            line = f"{counter} - {elapsed:.0f}s"
        else:
            filled = int(self.width * steps_done / max(self.total, 1))
            arrow = "=" * filled if final else "=" * max(filled - 1, 0) + ">"
            bar = f"[{arrow.ljust(self.width, '.')}]"
            per_step = elapsed / max(steps_done, 1)
            timing = (f"{elapsed:.0f}s {_duration(per_step)}/step" if final else
                      f"ETA: {per_step * (self.total - steps_done):.0f}s")
            line = f"{counter} {bar} - {timing}"
        text = f"{line} - {format_logs(logs)}" if logs else line
        sys.stdout.write(("\r" if self.verbose == 1 else "") + text + ("\n" if final else ""))
        sys.stdout.flush()


def _duration(seconds):
    return f"{seconds * 1e3:.0f}ms" if seconds >= 1e-3 else f"{seconds * 1e6:.0f}us"
