import { cidrProblem, contains, findOverlaps, overlaps, parseCidr, problem, Problem } from "../core";

export interface SubnetSpec {
  readonly name: string;
  readonly addressPrefix: string;
}

/** Names Azure reserves for its own services; a spoke subnet with one of them would get the Arc NSG or clash with the service. */
export const RESERVED_SUBNET_NAMES = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"];

/**
 * Problems with a network's subnets: more than Azure allows, invalid
 * prefixes, subnets outside the network's ranges, overlapping subnets,
 * duplicate or reserved names.
 * `path` is the field path of the network (`spokes[2]`); problems name
 * `path.subnets[i]...`.
 */
export function subnetProblems(path: string, addressSpace: readonly string[], subnets: readonly SubnetSpec[]): Problem[] {
  const problems: Problem[] = [];
  if (subnets.length > MAX_SUBNETS_PER_VIRTUAL_NETWORK) {
    problems.push(problem(`${path}.subnets`, subnets.length, `a virtual network holds at most ${MAX_SUBNETS_PER_VIRTUAL_NETWORK} subnets (Azure limit)`, "split the subnets over more spokes"));
  }
  const ranges = addressSpace.filter((a) => cidrProblem(a) === undefined).map(parseCidr);
  const seen = new Map<string, number>();
  const valid: Array<{ label: string; cidr: ReturnType<typeof parseCidr> }> = [];
  subnets.forEach((s, i) => {
    const at = `${path}.subnets[${i}]`;
    const key = s.name.toLowerCase();
    if (seen.has(key)) problems.push(problem(`${at}.name`, s.name, `subnet names are unique within a network (also used by ${path}.subnets[${seen.get(key)}])`, "rename one of them"));
    seen.set(key, i);
    if (RESERVED_SUBNET_NAMES.some((r) => r.toLowerCase() === key)) {
      problems.push(problem(`${at}.name`, s.name, `is reserved by Azure (${RESERVED_SUBNET_NAMES.join(", ")})`, "choose another name; the hub holds the gateway"));
    }
    const bad = cidrProblem(s.addressPrefix);
    if (bad) {
      problems.push(problem(`${at}.addressPrefix`, s.addressPrefix, bad, "write the network address and prefix, e.g. 10.1.0.0/24"));
      return;
    }
    const cidr = parseCidr(s.addressPrefix);
    if (cidr.prefix > 29) problems.push(problem(`${at}.addressPrefix`, s.addressPrefix, "an Azure subnet is at most a /29", "use a /29 or larger"));
    if (ranges.length > 0 && !ranges.some((r) => contains(r, cidr))) {
      problems.push(problem(`${at}.addressPrefix`, s.addressPrefix, `the subnet lies outside the network's address space (${addressSpace.join(", ")})`, "pick a prefix inside the address space or widen the address space"));
    }
    valid.push({ label: `${at}.addressPrefix`, cidr });
  });
  for (const [a, b] of findOverlaps(valid)) {
    problems.push(problem(b.label, b.cidr.text, `overlaps ${a.label} (${a.cidr.text})`, "give each subnet its own range"));
  }
  return problems;
}

/**
 * Ranges Azure refuses in a virtual network's address space (Microsoft
 * Learn, "Azure Virtual Network FAQ": multicast, broadcast, loopback,
 * link-local, and the platform's internal DNS and health-probe address).
 */
export const VNET_RESERVED_RANGES: ReadonlyArray<{ readonly cidr: string; readonly use: string }> = [
  { cidr: "224.0.0.0/4", use: "multicast" },
  { cidr: "255.255.255.255/32", use: "broadcast" },
  { cidr: "127.0.0.0/8", use: "loopback" },
  { cidr: "169.254.0.0/16", use: "link-local" },
  { cidr: "168.63.129.16/32", use: "Azure's internal DNS and health probes" },
];

/** Azure limits per virtual network (Microsoft Learn, "Azure subscription and service limits", networking). */
export const MAX_SUBNETS_PER_VIRTUAL_NETWORK = 3000;
export const MAX_PEERINGS_PER_VIRTUAL_NETWORK = 500;
export const MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK = 1000;

/** Problems of a virtual network's address space with the ranges Azure refuses; `path` names the field (`spokes[0]`). */
export function reservedRangeProblems(path: string, addressSpace: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const reserved = VNET_RESERVED_RANGES.map((r) => ({ ...r, range: parseCidr(r.cidr) }));
  addressSpace.forEach((text, i) => {
    if (cidrProblem(text)) return;
    const range = parseCidr(text);
    for (const r of reserved.filter((x) => overlaps(x.range, range))) {
      problems.push(problem(`${path}.addressSpace[${i}]`, text, `overlaps ${r.cidr} (${r.use}), which Azure does not allow in a virtual network`, "use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it"));
    }
  });
  return problems;
}
