import fc from "fast-check";
import {
  AZURE_RESERVED_ADDRESSES_PER_SUBNET,
  Cidr,
  LabelledCidr,
  addressAt,
  cidrProblem,
  contains,
  findOverlaps,
  isIpv4Address,
  overlaps,
  parseCidr,
  subnetAt,
} from "../../../lib/core/cidr";

const NOT_A_CIDR = "must be an IPv4 CIDR such as 10.0.0.0/24";

// ---------------------------------------------------------------------------
// Oracle: plain arithmetic on numbers, independent of lib/core/cidr.ts
// ---------------------------------------------------------------------------

const size = (prefix: number) => 2 ** (32 - prefix);
const dotted = (n: number) => [Math.floor(n / 2 ** 24), Math.floor(n / 2 ** 16) % 256, Math.floor(n / 2 ** 8) % 256, n % 256].join(".");
/** The network of `prefix` bits that holds address `n`. */
const network = (n: number, prefix: number) => Math.floor(n / size(prefix)) * size(prefix);
const cidr = (first: number, prefix: number): Cidr => ({ text: `${dotted(first)}/${prefix}`, prefix, first, last: first + size(prefix) - 1 });
/** CIDR containment by prefix: `inner` is at least as long and shares `outer`'s network bits. */
const containsByPrefix = (outer: Cidr, inner: Cidr) => inner.prefix >= outer.prefix && network(inner.first, outer.prefix) === outer.first;
/** Two CIDR blocks share an address exactly when one contains the other. */
const overlapsByPrefix = (a: Cidr, b: Cidr) => containsByPrefix(a, b) || containsByPrefix(b, a);

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

const MAX = 2 ** 32 - 1;
const PREFIXES = Array.from({ length: 33 }, (_, p) => p);
/** Any canonical block, every prefix length 0-32 equally likely, addresses anywhere (0.0.0.0 and 255.255.255.255 included). */
const anyCidr: fc.Arbitrary<Cidr> = fc
  .tuple(fc.constantFrom(...PREFIXES), fc.oneof(fc.integer({ min: 0, max: MAX }), fc.constantFrom(0, MAX)))
  .map(([prefix, n]) => cidr(network(n, prefix), prefix));

/** A block inside `outer` with a prefix of `q` bits (q >= outer.prefix) at block index `i` (wrapped). */
const blockIn = (outer: Cidr, q: number, i: number): Cidr => {
  const count = 2 ** (q - outer.prefix);
  return cidr(outer.first + (((i % count) + count) % count) * size(q), q);
};

/**
 * Pairs that touch at their edges: adjacent blocks (the second starting one
 * address after the first ends), a block ending or starting where its
 * container does, /32s at either end of a range and just outside it, and
 * equal blocks; each side also swapped.
 */
const touchingPair: fc.Arbitrary<[Cidr, Cidr]> = fc
  .tuple(anyCidr, fc.integer({ min: 0, max: 32 }), fc.constantFrom("lastInside", "firstInside", "last32", "first32", "after", "before32", "after32", "equal"), fc.boolean())
  .map(([a, qRaw, relation, swap]): [Cidr, Cidr] => {
    const q = Math.max(qRaw, a.prefix);
    let b: Cidr;
    switch (relation) {
      case "lastInside": b = blockIn(a, q, -1); break;
      case "firstInside": b = blockIn(a, q, 0); break;
      case "last32": b = cidr(a.last, 32); break;
      case "first32": b = cidr(a.first, 32); break;
      case "after": {
        // The block right after `a`, as large as its alignment allows (but at most `q` bits long).
        const start = (a.last + 1) % 2 ** 32;
        let p = q;
        while (p > 0 && start % size(p - 1) === 0) p--;
        b = cidr(start, Math.max(p, 0));
        break;
      }
      case "before32": b = cidr((a.first + MAX) % 2 ** 32, 32); break;
      case "after32": b = cidr((a.last + 1) % 2 ** 32, 32); break;
      default: b = { ...a };
    }
    return swap ? [b, a] : [a, b];
  });

const labelled = (cidrs: readonly Cidr[]): LabelledCidr[] => cidrs.map((c, i) => ({ label: `r${i}`, cidr: c }));

/** Arrays of blocks that often overlap and touch: independent blocks mixed with blocks derived from earlier ones. */
const rangeList: fc.Arbitrary<Cidr[]> = fc.array(fc.oneof(anyCidr.map((c) => [c]), touchingPair.map(([a, b]) => [a, b])), { maxLength: 12 }).map((groups) => groups.flat());

/** The same, inside one /24 so that a brute force over its 256 addresses is cheap. */
const smallCidr: fc.Arbitrary<Cidr> = fc.tuple(fc.integer({ min: 24, max: 32 }), fc.integer({ min: 0, max: 255 })).map(([p, n]) => cidr(network(0x0a000000 + n, p), p));

// ---------------------------------------------------------------------------

describe("cidrProblem", () => {
  it.each([
    ["0.0.0.0/0"],
    ["10.0.0.0/8"],
    ["10.200.0.0/16"],
    ["192.168.100.0/24"],
    ["255.255.255.255/32"],
    ["10.0.0.0/08"],
    ["172.16.10.128/25"],
  ])("accepts the canonical CIDR %s", (text) => {
    expect(cidrProblem(text)).toBeUndefined();
  });

  it.each([
    ["10.0.0.1/24", "has host bits set: the network is 10.0.0.0/24"],
    ["10.0.0.255/24", "has host bits set: the network is 10.0.0.0/24"],
    ["255.255.255.255/0", "has host bits set: the network is 0.0.0.0/0"],
    ["10.1.2.3/8", "has host bits set: the network is 10.0.0.0/8"],
    ["192.168.1.129/25", "has host bits set: the network is 192.168.1.128/25"],
    ["10.0.0.1/31", "has host bits set: the network is 10.0.0.0/31"],
  ])("names the network when %s has host bits set", (text, message) => {
    expect(cidrProblem(text)).toBe(message);
  });

  it.each([
    [""],
    ["10.0.0.0"],
    ["10.0.0.0/"],
    ["/24"],
    ["10.0.0/24"],
    ["10.0.0.0.0/24"],
    ["300.0.0.0/8"],
    ["256.0.0.0/8"],
    ["10.256.0.0/16"],
    ["10.0.0.0/33"],
    ["10.0.0.0/99"],
    ["10.0.0.0/024"], // ipaddr.js would read a 3-digit prefix
    ["0x0a.0.0.0/8"], // ipaddr.js would read hex
    ["x10.0.0.0/8"],
    ["0x10.0.0.0/8"], // a valid CIDR after a prefix that ipaddr.js reads as hex
    ["10.0.0.0/8 "],
    [" 10.0.0.0/8"],
    ["10.0.0.0/8\n"],
    ["10.0.0.0/-8"],
    ["10.0.0.0/ 8"],
    ["1000.0.0.0/8"],
    ["10.0.0.0/24/24"],
    ["fd00::/8"],
    ["::ffff:10.0.0.0/104"],
    ["10.0.0.0/8x"],
    ["a.b.c.d/8"],
  ])("refuses %j as not an IPv4 CIDR", (text) => {
    expect(cidrProblem(text)).toBe(NOT_A_CIDR);
  });

  it("passes at the prefix limit 32 and fails at 33", () => {
    expect(cidrProblem("10.0.0.1/32")).toBeUndefined();
    expect(cidrProblem("10.0.0.1/33")).toBe(NOT_A_CIDR);
  });

  it("passes at the octet limit 255 and fails at 256, in every octet", () => {
    for (let i = 0; i < 4; i++) {
      const octets = (v: number) => [0, 0, 0, 0].map((o, j) => (j === i ? v : o)).join(".");
      expect(cidrProblem(`${octets(255)}/32`)).toBeUndefined();
      expect(cidrProblem(`${octets(256)}/32`)).toBe(NOT_A_CIDR);
    }
  });

  it("agrees with the arithmetic oracle on every canonical block and every block with host bits (every prefix 0-32)", () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(anyCidr, fc.integer({ min: 0, max: MAX }), (c, offset) => {
        seen.add(c.prefix);
        expect(cidrProblem(c.text)).toBeUndefined();
        const host = c.first + (offset % size(c.prefix));
        const text = `${dotted(host)}/${c.prefix}`;
        expect(cidrProblem(text)).toBe(host === c.first ? undefined : `has host bits set: the network is ${c.text}`);
      }),
      { numRuns: 600 },
    );
    expect([...seen].sort((a, b) => a - b)).toEqual(PREFIXES);
  });

  it("agrees with a text oracle on dotted quads with out-of-range octets and prefixes", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 256, max: 999 }), fc.constantFrom(0, 255, 256));
    const prefix = fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 33, max: 99 }), fc.constantFrom(0, 32, 33));
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), prefix, (os, p) => {
        const text = `${os.join(".")}/${p}`;
        const valid = os.every((o) => o <= 255) && p <= 32;
        const n = os.reduce((acc, o) => acc * 256 + o, 0);
        const expected = !valid ? NOT_A_CIDR : network(n, p) === n ? undefined : `has host bits set: the network is ${dotted(network(n, p))}/${p}`;
        expect(cidrProblem(text)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe("parseCidr", () => {
  it("returns the canonical text, prefix, first and last address", () => {
    expect(parseCidr("10.0.0.0/22")).toEqual({ text: "10.0.0.0/22", prefix: 22, first: 0x0a000000, last: 0x0a0003ff });
    expect(parseCidr("0.0.0.0/0")).toEqual({ text: "0.0.0.0/0", prefix: 0, first: 0, last: MAX });
    expect(parseCidr("255.255.255.255/32")).toEqual({ text: "255.255.255.255/32", prefix: 32, first: MAX, last: MAX });
    expect(parseCidr("128.0.0.0/1")).toEqual({ text: "128.0.0.0/1", prefix: 1, first: 2 ** 31, last: MAX });
  });

  it("masks host bits to the network", () => {
    expect(parseCidr("10.0.0.77/24")).toEqual({ text: "10.0.0.0/24", prefix: 24, first: 0x0a000000, last: 0x0a0000ff });
    expect(parseCidr("255.255.255.255/1")).toEqual({ text: "128.0.0.0/1", prefix: 1, first: 2 ** 31, last: MAX });
  });

  it("throws a plain Error on what is not a CIDR", () => {
    expect(() => parseCidr("10.0.0.0")).toThrow(/^ipaddr: string is not formatted like an IPv4 CIDR range$/);
  });

  it("agrees with the arithmetic oracle for every prefix 0-32, host bits or not", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PREFIXES), fc.integer({ min: 0, max: MAX }), (prefix, n) => {
        expect(parseCidr(`${dotted(n)}/${prefix}`)).toEqual(cidr(network(n, prefix), prefix));
      }),
      { numRuns: 500 },
    );
  });
});

describe("isIpv4Address", () => {
  it.each([["0.0.0.0"], ["10.0.0.4"], ["192.168.255.100"], ["255.255.255.255"]])("accepts %s", (text) => {
    expect(isIpv4Address(text)).toBe(true);
  });

  it.each([
    [""],
    ["10.0.0"],
    ["10.0.0.0.0"],
    ["10.0.0.256"],
    ["256.0.0.0"],
    ["1000.0.0.1"],
    ["10.0.0.0/24"],
    ["010.0.0.1"],
    ["0x0a.0.0.1"],
    ["167772161"],
    [" 10.0.0.1"],
    ["10.0.0.1 "],
    ["x10.0.0.1"],
    ["10.0.0.1x"],
    ["10.0.0.-1"],
    ["::1"],
  ])("refuses %j", (text) => {
    expect(isIpv4Address(text)).toBe(false);
  });

  it("agrees with the text oracle on dotted quads", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.integer({ min: 256, max: 999 }).map(String), fc.constantFrom("00", "01", "007", "255", "256"));
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (os) => {
        expect(isIpv4Address(os.join("."))).toBe(os.every((o) => /^(0|[1-9][0-9]*)$/.test(o) && Number(o) <= 255));
      }),
      { numRuns: 300 },
    );
  });
});

describe("overlaps and contains", () => {
  const c = (t: string) => parseCidr(t);

  it("count a shared first or last address as overlap and containment", () => {
    // adjacent: no shared address
    expect(overlaps(c("10.0.0.0/24"), c("10.0.1.0/24"))).toBe(false);
    expect(overlaps(c("10.0.1.0/24"), c("10.0.0.0/24"))).toBe(false);
    // a /32 on the last and on the first address
    expect(overlaps(c("10.0.0.0/24"), c("10.0.0.255/32"))).toBe(true);
    expect(overlaps(c("10.0.0.255/32"), c("10.0.0.0/24"))).toBe(true);
    expect(overlaps(c("10.0.0.0/24"), c("10.0.0.0/32"))).toBe(true);
    expect(overlaps(c("10.0.0.0/32"), c("10.0.0.0/24"))).toBe(true);
    // a /32 just outside either end
    expect(overlaps(c("10.0.0.0/24"), c("10.0.1.0/32"))).toBe(false);
    expect(overlaps(c("10.0.1.0/24"), c("10.0.0.255/32"))).toBe(false);
    // containment ending and starting at the same address
    expect(contains(c("10.0.0.0/24"), c("10.0.0.128/25"))).toBe(true);
    expect(contains(c("10.0.0.0/24"), c("10.0.0.0/25"))).toBe(true);
    expect(contains(c("10.0.0.0/24"), c("10.0.0.0/24"))).toBe(true);
    expect(contains(c("10.0.0.0/25"), c("10.0.0.0/24"))).toBe(false);
    expect(contains(c("10.0.0.128/25"), c("10.0.0.0/24"))).toBe(false);
    expect(contains(c("10.0.0.0/24"), c("10.0.0.255/32"))).toBe(true);
    expect(contains(c("10.0.0.0/24"), c("10.0.1.0/32"))).toBe(false);
    expect(contains(c("10.0.0.1/32"), c("10.0.0.0/31"))).toBe(false);
    expect(contains(c("10.0.0.0/32"), c("10.0.0.0/31"))).toBe(false);
    expect(contains(c("0.0.0.0/0"), c("255.255.255.255/32"))).toBe(true);
  });

  it("agree with the prefix oracle on touching pairs and on independent blocks (every prefix 0-32)", () => {
    const prefixes = new Set<number>();
    fc.assert(
      fc.property(fc.oneof(touchingPair, fc.tuple(anyCidr, anyCidr)), ([a, b]) => {
        prefixes.add(a.prefix).add(b.prefix);
        expect(overlaps(a, b)).toBe(overlapsByPrefix(a, b));
        expect(contains(a, b)).toBe(containsByPrefix(a, b));
        expect(contains(b, a)).toBe(containsByPrefix(b, a));
      }),
      { numRuns: 1000 },
    );
    expect([...prefixes].sort((x, y) => x - y)).toEqual(PREFIXES);
  });

  it("agree with a brute force over the addresses of a /24", () => {
    const addresses = (x: Cidr) => new Set(Array.from({ length: x.last - x.first + 1 }, (_, i) => x.first + i));
    fc.assert(
      fc.property(smallCidr, smallCidr, (a, b) => {
        const as = addresses(a);
        const bs = addresses(b);
        expect(overlaps(a, b)).toBe([...bs].some((x) => as.has(x)));
        expect(contains(a, b)).toBe([...bs].every((x) => as.has(x)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("subnetAt and addressAt", () => {
  it("offset from the first address of a base", () => {
    const hub = parseCidr("10.0.0.0/22");
    expect(subnetAt(hub, 0, 24)).toBe("10.0.0.0/24");
    expect(subnetAt(hub, 96, 28)).toBe("10.0.0.96/28");
    expect(subnetAt(hub, 768, 24)).toBe("10.0.3.0/24");
    expect(subnetAt(parseCidr("10.0.0.77/24"), 256, 24)).toBe("10.0.1.0/24");
    expect(addressAt(parseCidr("192.168.255.0/24"), 100)).toBe("192.168.255.100");
    expect(addressAt(parseCidr("192.168.255.0/24"), 255)).toBe("192.168.255.255");
    expect(addressAt(parseCidr("255.255.255.0/24"), 255)).toBe("255.255.255.255");
    expect(addressAt(parseCidr("0.0.0.0/0"), 0)).toBe("0.0.0.0");
    expect(addressAt(parseCidr("10.0.0.0/8"), 65536 + 2 * 256 + 3)).toBe("10.1.2.3");
  });

  it("Azure keeps five addresses per subnet", () => {
    expect(AZURE_RESERVED_ADDRESSES_PER_SUBNET).toBe(5);
  });
});

describe("findOverlaps", () => {
  const l = (label: string, text: string): LabelledCidr => ({ label, cidr: parseCidr(text) });
  const names = (pairs: Array<[LabelledCidr, LabelledCidr]>) => pairs.map(([a, b]) => `${a.label}+${b.label}`);

  it("finds nothing in an empty list, one range, or adjacent ranges", () => {
    expect(findOverlaps([])).toEqual([]);
    expect(findOverlaps([l("a", "10.0.0.0/24")])).toEqual([]);
    expect(findOverlaps([l("a", "10.0.1.0/24"), l("b", "10.0.0.0/24"), l("c", "10.0.2.0/23")])).toEqual([]);
  });

  it("lists each pair once, the range that starts first (the larger at equal starts) first, in sweep order", () => {
    const a = l("a", "10.0.0.0/24");
    const b = l("b", "10.0.0.0/16");
    const c = l("c", "10.0.0.255/32");
    const d = l("d", "10.0.1.0/24");
    const e = l("e", "10.0.1.0/32");
    expect(names(findOverlaps([a, b, c, d, e]))).toEqual(["b+a", "b+c", "a+c", "b+d", "b+e", "d+e"]);
    expect(names(findOverlaps([e, d, c, b, a]))).toEqual(["b+a", "b+c", "a+c", "b+d", "b+e", "d+e"]);
    expect(findOverlaps([a, b])).toEqual([[b, a]]);
    expect(findOverlaps([b, a])).toEqual([[b, a]]);
  });

  it("counts a /32 on the last address of an open range", () => {
    const a = l("a", "10.0.0.0/24");
    const z = l("z", "10.0.0.255/32");
    expect(findOverlaps([z, a])).toEqual([[a, z]]);
    expect(findOverlaps([l("x", "10.0.0.0/25"), l("y", "10.0.0.128/25")])).toEqual([]);
  });

  it("finds exactly the pairs the oracle finds, each ordered by start, on lists of touching blocks (every prefix 0-32)", () => {
    const prefixes = new Set<number>();
    fc.assert(
      fc.property(rangeList, (cidrs) => {
        cidrs.forEach((x) => prefixes.add(x.prefix));
        const ranges = labelled(cidrs);
        const found = findOverlaps(ranges);
        const key = (x: LabelledCidr, y: LabelledCidr) => [x.label, y.label].sort().join("+");
        const expected: string[] = [];
        ranges.forEach((x, i) => ranges.slice(i + 1).forEach((y) => overlapsByPrefix(x.cidr, y.cidr) && expected.push(key(x, y))));
        const keys = found.map(([x, y]) => key(x, y));
        expect(keys.length).toBe(expected.length);
        expect([...keys].sort()).toEqual([...expected].sort());
        for (const [x, y] of found) {
          expect(x.cidr.first < y.cidr.first || (x.cidr.first === y.cidr.first && x.cidr.last >= y.cidr.last)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    expect([...prefixes].sort((x, y) => x - y)).toEqual(PREFIXES);
  });
});
