// A progress line on stderr for long reads, only when stderr is a terminal: after a second
// without finishing, it shows the bytes read so far, redrawn at most five times a second.
import { visible } from '../render/visible.js';

/** The part of a terminal stream the indicator uses. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class Progress {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
  }

  update(file: string, bytes: number): void {
    if (this.stream.isTTY !== true) return;
    const now = this.clock();
    if (now - this.started < 1000 || now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.drawn = true;
    const mb = (bytes / 1_048_576).toFixed(1);
    this.stream.write(`\r\x1b[2Kreading ${visible(file)}: ${mb} MiB`);
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
