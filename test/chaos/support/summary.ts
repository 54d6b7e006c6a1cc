/** The one line each chaos test prints: what it did and what it found, for the CI log. */
export function printSummary(test: string, counts: Record<string, number | string>): void {
  console.log(`chaos ${test}: ${Object.entries(counts).map(([what, n]) => `${n} ${what}`).join(', ')}`);
}

/** The value below which `share` of the samples lie (e.g. 0.95). */
export function percentile(samples: number[], share: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}
