/**
 * IPv4 CIDR arithmetic on top of ipaddr.js (parsing and validation are its
 * job; this file only adds range math the library needs).
 */
import * as ipaddr from "ipaddr.js";

export interface Cidr {
  /** The canonical text, e.g. `10.0.0.0/24`. */
  readonly text: string;
  readonly prefix: number;
  /** First address as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly last: number;
}

function toInt(addr: ipaddr.IPv4): number {
  const o = addr.octets;
  return ((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3];
}

function toText(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * Why `text` is not a canonical IPv4 CIDR, or undefined when it is one.
 * Canonical means no host bits set: `10.0.0.0/24`, not `10.0.0.1/24`.
 */
export function cidrProblem(text: string): string | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return "must be an IPv4 CIDR such as 10.0.0.0/24";
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.IPv4.parseCIDR(text);
  } catch {
    return "must be an IPv4 CIDR such as 10.0.0.0/24";
  }
  const [addr, prefix] = parsed as [ipaddr.IPv4, number];
  const n = toInt(addr);
  const first = n - (n % 2 ** (32 - prefix));
  if (first !== n) return `has host bits set: the network is ${toText(first)}/${prefix}`;
  return undefined;
}

/** Parses a canonical IPv4 CIDR. Throws a plain Error on bad input: validate with `cidrProblem` first. */
export function parseCidr(text: string): Cidr {
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(text) as [ipaddr.IPv4, number];
  const size = 2 ** (32 - prefix);
  const first = toInt(addr) - (toInt(addr) % size);
  return { text: `${toText(first)}/${prefix}`, prefix, first, last: first + size - 1 };
}

/** A dotted-quad IPv4 address: four decimal octets 0-255, no leading zeros (ipaddr.js's four-part decimal form). */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** The block of `prefix` bits at `offset` addresses from the start of `base`. */
export function subnetAt(base: Cidr, offset: number, prefix: number): string {
  return `${toText(base.first + offset)}/${prefix}`;
}

/** The address `n` places after the first address of `base`. */
export function addressAt(base: Cidr, n: number): string {
  return toText(base.first + n);
}

/** Addresses Azure keeps in every subnet: the first four and the last (Microsoft Learn, "Azure Virtual Network FAQ"). */
export const AZURE_RESERVED_ADDRESSES_PER_SUBNET = 5;

export interface LabelledCidr {
  /** Where it came from, e.g. a field path. */
  readonly label: string;
  readonly cidr: Cidr;
}

/**
 * Every pair of overlapping ranges, in O(n log n + k): sort by start and
 * sweep, keeping the ranges still open. `k` is the number of pairs found.
 */
export function findOverlaps(ranges: readonly LabelledCidr[]): Array<[LabelledCidr, LabelledCidr]> {
  const sorted = [...ranges].sort((a, b) => a.cidr.first - b.cidr.first || b.cidr.last - a.cidr.last);
  const pairs: Array<[LabelledCidr, LabelledCidr]> = [];
  let open: LabelledCidr[] = [];
  for (const r of sorted) {
    open = open.filter((o) => o.cidr.last >= r.cidr.first);
    for (const o of open) pairs.push([o, r]);
    open.push(r);
  }
  return pairs;
}
