/**
 * One error class for every user mistake the library detects.
 *
 * A problem names where it is (a construct path or a topology field path),
 * the value received, the rule it breaks and the fix. The app prints
 * `problems` one per line and exits non-zero, without a stack trace.
 */
export interface Problem {
  /** Construct path (`contoso-connectivity/Hub`) or field path (`spokes[1].addressSpace[0]`). */
  readonly path: string;
  /** The rule, the value and the fix, in one sentence or two. */
  readonly message: string;
}

export class ArcConnectivityError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map(formatProblem).join("\n"));
    this.name = "ArcConnectivityError";
    this.problems = list;
  }

  public static is(x: unknown): x is ArcConnectivityError {
    return x instanceof Error && (x as ArcConnectivityError).name === "ArcConnectivityError" && Array.isArray((x as ArcConnectivityError).problems);
  }
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** `scheme://user:password@host` -> `scheme://***@host`: a message never repeats credentials. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"]+@/gi;

/**
 * Renders a received value for a message: JSON, credentials in URLs
 * masked, a long string cut to its first 120 characters with its length.
 */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const masked = (s: string) => s.replace(URL_CREDENTIALS, "$1***@");
  if (typeof value === "string") {
    const text = masked(value);
    return text.length > 200 ? `${JSON.stringify(text.slice(0, 120))}... (${value.length} characters)` : JSON.stringify(text);
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  text = masked(text);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Builds a problem from its four parts: where, what was received, the rule, the fix. */
export function problem(path: string, value: unknown, rule: string, fix: string): Problem {
  return { path, message: `${rule}; got ${show(value)}. Fix: ${fix}` };
}

/**
 * A check of unique names in a list, called entry by entry (so its problems
 * stay in order with the entry's other problems): `[]` for a first name,
 * one problem for a repeat, naming where the name came first.
 */
export function uniqueNames(field: string, noun: string, why: string): (name: string, index: number) => Problem[] {
  const seen = new Map<string, number>();
  return (name, index) => {
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, index);
      return [];
    }
    return [problem(`${field}[${index}].name`, name, `${noun} names are unique (also ${field}[${first}]); ${why}`, "rename one of them")];
  };
}

/** Throws one problem found in a construct. */
export function fail(path: string, value: unknown, rule: string, fix: string): never {
  throw new ArcConnectivityError(problem(path, value, rule, fix));
}

/** The nearest candidate by edit distance, when it is close enough to be a likely typo. */
export function suggest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(v, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

/** Levenshtein distance of two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
