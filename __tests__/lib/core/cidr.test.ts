import fc from "fast-check";
import { cidrProblem, contains, findOverlaps, overlaps, parseCidr, subnetAt, addressAt } from "../../../lib/core";

describe("cidr", () => {
  it("accepts canonical IPv4 CIDRs and explains the rest", () => {
    expect(cidrProblem("10.0.0.0/24")).toBeUndefined();
    expect(cidrProblem("10.0.0.1/24")).toBe("has host bits set: the network is 10.0.0.0/24");
    expect(cidrProblem("10.0.0.0")).toMatch(/IPv4 CIDR/);
    expect(cidrProblem("300.0.0.0/8")).toMatch(/IPv4 CIDR/);
    expect(cidrProblem("10.0.0.0/33")).toMatch(/IPv4 CIDR/);
    expect(cidrProblem("fd00::/8")).toMatch(/IPv4 CIDR/);
  });

  it("computes ranges, containment and offsets", () => {
    const hub = parseCidr("10.0.0.0/22");
    expect(hub.last - hub.first + 1).toBe(1024);
    expect(contains(hub, parseCidr("10.0.3.0/24"))).toBe(true);
    expect(contains(hub, parseCidr("10.0.4.0/24"))).toBe(false);
    expect(overlaps(parseCidr("10.0.0.0/8"), parseCidr("10.200.0.0/16"))).toBe(true);
    expect(subnetAt(hub, 96, 28)).toBe("10.0.0.96/28");
    expect(addressAt(parseCidr("192.168.255.0/24"), 100)).toBe("192.168.255.100");
  });

  it("findOverlaps finds exactly the pairs a brute-force comparison finds", () => {
    // Aligned blocks of /16 to /28 inside 10.0.0.0/12: small enough that many overlap.
    const space = parseCidr("10.0.0.0/12");
    const block = fc.integer({ min: 16, max: 28 }).chain((p) => fc.integer({ min: 0, max: 2 ** (p - 12) - 1 }).map((i) => parseCidr(subnetAt(space, i * 2 ** (32 - p), p))));
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), (cidrs) => {
        const labelled = cidrs.map((cidr, i) => ({ label: String(i), cidr }));
        const key = (a: string, b: string) => [a, b].sort().join("-");
        const fast = new Set(findOverlaps(labelled).map(([a, b]) => key(a.label, b.label)));
        const slow = new Set<string>();
        labelled.forEach((a, i) => labelled.slice(i + 1).forEach((b) => overlaps(a.cidr, b.cidr) && slow.add(key(a.label, b.label))));
        expect(fast).toEqual(slow);
      }),
    );
  });
});
