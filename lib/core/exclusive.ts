import { IConstruct } from "constructs";
import { fail } from "./errors";

const claims = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `claimant` holds `key` within one app (for rules such as "at
 * most one Arc Private Link Scope per virtual network") and throws when
 * another construct already holds it.
 */
export function claimExclusive(claimant: IConstruct, key: string, rule: string, fix: string): void {
  const root = claimant.node.root;
  let held = claims.get(root);
  if (!held) claims.set(root, (held = new Map()));
  const holder = held.get(key);
  if (holder !== undefined && holder !== claimant.node.path) fail(claimant.node.path, key, `${rule} (already held by ${holder})`, fix);
  held.set(key, claimant.node.path);
}

const counts = new WeakMap<IConstruct, Map<string, number>>();

/**
 * Counts one use of a limited Azure capacity (e.g. peerings of one virtual
 * network) within one app, and throws when the count passes `limit`.
 */
export function claimCapacity(claimant: IConstruct, key: string, limit: number, rule: string, fix: string): void {
  const root = claimant.node.root;
  let held = counts.get(root);
  if (!held) counts.set(root, (held = new Map()));
  const n = (held.get(key) ?? 0) + 1;
  if (n > limit) fail(claimant.node.path, n, `${rule}: this would be number ${n}, and Azure allows ${limit}`, fix);
  held.set(key, n);
}
