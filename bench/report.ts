/** Output helpers of the benches: figures as JSON lines on stdout, progress on stderr. */
export interface Figure {
  suite: string;
  figure: string;
  value: number;
  unit: string;
  peer?: string;
  peerValue?: number;
  limit?: string;
  limitValue?: number;
}

export const figure = (f: Figure): void => {
  process.stdout.write(`${JSON.stringify(f)}\n`);
};

export const progress = (...args: unknown[]): void => {
  process.stderr.write(`${args.map(String).join(' ')}\n`);
};

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
