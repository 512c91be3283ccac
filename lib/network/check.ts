import { cidrProblem, contains, findOverlaps, parseCidr, problem, Problem } from "../core";

export interface SubnetSpec {
  readonly name: string;
  readonly addressPrefix: string;
}

/** Names Azure reserves for its own services; a spoke subnet with one of them would get the Arc NSG or clash with the service. */
export const RESERVED_SUBNET_NAMES = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"];

/**
 * Problems with a network's subnets: invalid prefixes, subnets outside the
 * network's ranges, overlapping subnets, duplicate or reserved names.
 * `path` is the field path of the network (`spokes[2]`); problems name
 * `path.subnets[i]...`.
 */
export function subnetProblems(path: string, addressSpace: readonly string[], subnets: readonly SubnetSpec[]): Problem[] {
  const problems: Problem[] = [];
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
