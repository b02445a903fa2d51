// How the benchmarks print: one figure a line, the label padded so that the columns line up.
// Targets are printed beside the figures and judged, but a miss never fails the run: these are
// measurements of this machine, not tests.

const LABEL_WIDTH = 44;

export type Target = { text: string; met: boolean };

function withTarget(line: string, target?: Target): string {
  return target ? `${line}   target ${target.text}: ${target.met ? "met" : "MISSED"}` : line;
}

/** The sample at quantile q (0.5 median, 0.95 p95) of an ascending array. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return quantile(sorted, 0.5);
}

/** Median and p95 of samples; `target` judges them (given the median and p95) when there is one. */
export function summarise(
  label: string,
  samples: number[],
  { unit = "ms", target }: { unit?: string; target?: (median: number, p95: number) => Target } = {},
): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = quantile(sorted, 0.5);
  const p95 = quantile(sorted, 0.95);
  console.log(
    withTarget(
      `${label.padEnd(LABEL_WIDTH)} median ${p50.toFixed(3)} ${unit}   p95 ${p95.toFixed(3)} ${unit}   (n=${samples.length})`,
      target?.(p50, p95),
    ),
  );
}

/** A figure that is not a distribution: a total, a size, a count. */
export function figure(label: string, text: string, target?: Target): void {
  console.log(withTarget(`${label.padEnd(LABEL_WIDTH)} ${text}`, target));
}

/** Milliseconds that `run` took. */
export function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The result of `run` and the milliseconds it took. */
export function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}
