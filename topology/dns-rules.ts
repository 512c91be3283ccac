/**
 * Topology rules of name resolution: Azure to on-premises (`onPremises.dns`)
 * and fallback to internet on the privatelink zones' links
 * (`privateLink.dns.fallbackToInternet`, `fallbackToInternetZones`).
 */
import { cidrProblem, contains, isIpv4Address, parseCidr, problem, Problem, suggest } from "../lib/core";
import { zonesFor } from "../lib/dns";
import { forwardingDomain, hubAddresses, MAX_LINKS_PER_FORWARDING_RULESET, MAX_RULES_PER_FORWARDING_RULESET, MAX_TARGETS_PER_FORWARDING_RULE, VNET_RESERVED_RANGES } from "../lib/network";
import { neededForwarders } from "./facts";
import { Topology } from "./schema";

/**
 * `onPremises.dns` (Azure to on-premises): the hub's resolver, the resolver
 * limits (Microsoft Learn, "What is Azure DNS Private
 * Resolver?": 6 targets per rule, 1,000 rules and 500 links per ruleset; the
 * stack puts one ruleset on the outbound endpoint, which takes 2), each
 * server and domain once, and no domain that overlaps a zone on-premises
 * forwards to Azure (equal, above or below it): a query for it would go
 * back and forth between the two resolvers.
 */
export function onPremisesDnsProblems(t: Topology): Problem[] {
  const dns = t.onPremises?.dns;
  if (!dns) return [];
  const problems: Problem[] = [];
  if (!t.hub) {
    problems.push(problem("onPremises.dns", "(no hub)", "the forwarding rules run on an outbound endpoint of the hub's DNS Private Resolver, and the topology has no hub", "add a hub (its resolver is on by default), or remove onPremises.dns"));
  } else if (!t.hub.dnsResolver) {
    problems.push(problem("hub.dnsResolver", false, "onPremises.dns forwards through an outbound endpoint of the hub's DNS Private Resolver, and the resolver is off", "set hub.dnsResolver: true (the default), or remove onPremises.dns"));
  }
  // Addresses a forwarding target must not be: the hub resolver's own endpoints (the query would come back to it),
  // Azure DNS (the resolver asks it anyway), and addresses no DNS server has.
  const layout = t.hub && cidrProblem(t.hub.addressSpace[0]) === undefined ? hubAddresses(parseCidr(t.hub.addressSpace[0])) : undefined;
  const refused: Array<[string, string]> = [
    // The hub layout's ranges, whether or not the resolver and the gateway are on: turning one on must not refuse a target then.
    ...(layout
      ? ([
          [layout.resolverInbound, "the hub resolver's inbound subnet (a query sent there comes back to the ruleset: a loop)"],
          [layout.resolverOutbound, "the hub resolver's outbound subnet (the forwarded queries leave from it)"],
          [layout.endpoints, "the hub's private endpoint subnet (no DNS server lives there)"],
          [layout.gateway, "the hub layout's GatewaySubnet range, kept for the gateway (no DNS server lives there)"],
        ] as Array<[string, string]>)
      : []),
    ["168.63.129.16/32", "Azure DNS, which the resolver asks for everything else already"],
    ["0.0.0.0/8", "not an address a DNS server has"],
    // Before Azure's reserved ranges, so that 255.255.255.255 is named by this whole block.
    ["240.0.0.0/4", "a reserved address"],
    // The ranges Azure refuses in a virtual network (multicast, loopback, link-local); its DNS address is named above.
    ...VNET_RESERVED_RANGES.filter((r) => r.cidr !== "168.63.129.16/32").map((r): [string, string] => [r.cidr, `a ${r.use} address`]),
  ];
  const refusedRanges = refused.map(([cidr, why]) => ({ cidr, why, range: parseCidr(cidr) }));
  if (dns.servers.length === 0) problems.push(problem("onPremises.dns.servers", [], "lists no DNS server to forward to", "list the on-premises DNS servers, e.g. [172.16.0.10]"));
  if (dns.servers.length > MAX_TARGETS_PER_FORWARDING_RULE) {
    problems.push(problem("onPremises.dns.servers", dns.servers.length, `a forwarding rule takes at most ${MAX_TARGETS_PER_FORWARDING_RULE} target DNS servers (Azure limit)`, `list at most ${MAX_TARGETS_PER_FORWARDING_RULE}`));
  }
  const servers = new Map<string, number>();
  dns.servers.forEach((s, i) => {
    const first = servers.get(s);
    if (first !== undefined) problems.push(problem(`onPremises.dns.servers[${i}]`, s, `is listed twice (also servers[${first}])`, "remove the duplicate"));
    else servers.set(s, i);
    const hit = refusedRanges.find((r) => contains(r.range, parseCidr(`${s}/32`)));
    if (hit) problems.push(problem(`onPremises.dns.servers[${i}]`, s, `is in ${hit.cidr}, ${hit.why}`, "target the on-premises DNS servers (or DNS servers in a spoke)"));
  });
  if (dns.domains.length === 0) problems.push(problem("onPremises.dns.domains", [], "lists no domain to forward", "list the on-premises domains, e.g. [corp.contoso.com]"));
  if (dns.domains.length > MAX_RULES_PER_FORWARDING_RULESET) {
    problems.push(problem("onPremises.dns.domains", dns.domains.length, `a DNS forwarding ruleset holds at most ${MAX_RULES_PER_FORWARDING_RULESET} rules, one per domain (Azure limit)`, "forward parent domains instead of each child"));
  }
  const forwarded = neededForwarders(t);
  const domains = new Map<string, number>();
  dns.domains.forEach((written, i) => {
    const at = `onPremises.dns.domains[${i}]`;
    const domain = forwardingDomain(written).slice(0, -1);
    const first = domains.get(domain);
    if (first !== undefined) problems.push(problem(at, written, `is listed twice (also domains[${first}])`, "remove the duplicate"));
    else domains.set(domain, i);
    // The zone itself first: `azure-automation.net` is a forwarded zone, and contains another (agentsvc.azure-automation.net).
    const relation = (zone: string) => (zone.endsWith(`.${domain}`) ? "contains" : domain.endsWith(`.${zone}`) ? "lies inside" : undefined);
    const loop = forwarded.includes(domain)
      ? { zone: domain, relation: "is" }
      : forwarded.map((zone) => ({ zone, relation: relation(zone) })).find((o) => o.relation !== undefined);
    if (loop) {
      problems.push(
        problem(
          at,
          written,
          `${loop.relation} the zone ${loop.zone}, which on-premises DNS forwards to the hub resolver: its queries would loop between the two resolvers`,
          `forward only on-premises domains here, nothing at, above or below ${loop.zone}`,
        ),
      );
    }
  });
  const links = 1 + t.spokes.filter((s) => s.dnsLinks).length;
  if (links > MAX_LINKS_PER_FORWARDING_RULESET) {
    problems.push(
      problem("onPremises.dns", links, `the ruleset would be linked to the hub and ${links - 1} spokes with dnsLinks, and a ruleset has at most ${MAX_LINKS_PER_FORWARDING_RULESET} virtual network links (Azure limit)`, "let more spokes use the hub resolver (dnsLinks: false): they need no link"),
    );
  }
  return problems;
}

/**
 * Fallback to internet (`resolution_policy = "NxDomainRedirect"` on the
 * zone links): only on links this stack creates (not in mode policy), either
 * for every zone or for listed zones the topology uses, each once.
 */
export function fallbackProblems(pl: NonNullable<Topology["privateLink"]>, needed: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const { fallbackToInternet: all, fallbackToInternetZones: some, mode } = pl.dns;
  if (mode === "policy" && (all || some.length > 0)) {
    problems.push(
      problem(
        all ? "privateLink.dns.fallbackToInternet" : "privateLink.dns.fallbackToInternetZones",
        all ? true : some,
        "in mode policy the stack creates no zone links, and fallback to internet is a setting of the links (resolution_policy NxDomainRedirect)",
        "set it on the links Azure Policy or the DNS team creates, and remove it here",
      ),
    );
    return problems;
  }
  if (all && some.length > 0) {
    problems.push(problem("privateLink.dns.fallbackToInternetZones", some, "fallbackToInternet: true already applies to every zone", "remove fallbackToInternetZones, or set fallbackToInternet: false to keep only these"));
  }
  const seen = new Map<string, number>();
  some.forEach((zone, i) => {
    const at = `privateLink.dns.fallbackToInternetZones[${i}]`;
    const first = seen.get(zone.toLowerCase());
    if (first !== undefined) problems.push(problem(at, zone, `is listed twice (also fallbackToInternetZones[${first}])`, "remove the duplicate"));
    else seen.set(zone.toLowerCase(), i);
    // Zone names in any casing (DNS is case-insensitive); the stack writes them in lower case.
    if (!needed.includes(zone.toLowerCase())) {
      const near = suggest(zone, [...needed]);
      problems.push(problem(at, zone, `is not a zone this topology uses (${needed.join(", ")})`, near ? `did you mean "${near}"?` : "list zones the topology uses"));
    }
  });
  return problems;
}

/** The warnings of name resolution: fallback over the Arc zones, a forwarding target in neither an on-premises range nor a spoke. */
export function dnsWarnings(t: Topology): Problem[] {
  const warnings: Problem[] = [];
  const dnsConfig = t.privateLink?.dns;
  if (dnsConfig && dnsConfig.mode !== "policy") {
    const arcZones = zonesFor("arc");
    const falling = dnsConfig.fallbackToInternet ? arcZones : arcZones.filter((z) => dnsConfig.fallbackToInternetZones.some((f) => f.toLowerCase() === z));
    if (falling.length > 0) {
      warnings.push({
        path: dnsConfig.fallbackToInternet ? "privateLink.dns.fallbackToInternet" : "privateLink.dns.fallbackToInternetZones",
        message: `fallback to internet covers the Arc zones (${falling.join(", ")}): a missing record or a broken link then resolves Arc's names publicly, and with the scope's public access off the agents fail without pointing at DNS. Fall back only for zones shared with resources that have no endpoint here (fallbackToInternetZones, e.g. privatelink.blob.core.windows.net)`,
      });
    }
  }
  const op = t.onPremises;
  // On-premises or in a spoke, the hub routes there; anywhere else, perhaps not.
  const cidrs = op?.dns ? [...op.addressSpace, ...t.spokes.flatMap((s) => s.addressSpace)].filter((a) => cidrProblem(a) === undefined).map(parseCidr) : [];
  op?.dns?.servers.forEach((server, i) => {
    if (isIpv4Address(server) && !cidrs.some((c) => contains(c, parseCidr(`${server}/32`)))) {
      warnings.push({
        path: `onPremises.dns.servers[${i}]`,
        message: `${server} is in neither onPremises.addressSpace (${op.addressSpace.join(", ")}) nor a spoke: the resolver's outbound endpoint reaches it only if the hub routes there (another peered network, a route); otherwise check the address`,
      });
    }
  });
  return warnings;
}
