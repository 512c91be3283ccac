/** Helpers for asserting the exact error a construct or rule gives. */

/** The message of the one error `f` throws; fails the test when it throws nothing. */
export function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("did not throw");
}

/** A RegExp that matches exactly `text` (anchored at both ends), for `toThrow`. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
