/** A small deterministic generator in [0, 1): print the seed, and a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Waits `ms` milliseconds: for pacing load, never for asserting that nothing happened. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
