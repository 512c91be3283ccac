/**
 * The DNS hand-off, for the on-premises DNS team: the conditional
 * forwarders to create (each public zone -> the hub resolver's inbound IP)
 * as a Markdown table, as Windows DNS Server PowerShell, as a BIND
 * `named.conf` snippet and as CSV, with the `nslookup` checks that must
 * return private addresses once the connectivity stack is applied. Only
 * hub topologies have one; without a resolver it says what to do instead.
 */
import { parseArmId } from "../lib/core/arm";
import { parseCidr } from "../lib/core/cidr";
import { hubAddresses } from "../lib/network/layout";
import type { HubStackPlan, Plan } from "../topology/plan";
import { code, comment, csv, markdownTable, Source, sourceMarkdown, sourceText } from "./text";

/** The DNS hand-off's files in `handoff/`. */
export const DNS_FILES = {
  markdown: "dns-forwarders.md",
  powershell: "dns-forwarders.ps1",
  bind: "dns-forwarders.named.conf",
  csv: "dns-forwarders.csv",
} as const;

/** A name that must resolve to a private address on-premises once the stack is applied. */
export interface DnsCheck {
  /** The name to look up; where it is known only after apply, where to find it (and `afterApply`). */
  readonly name: string;
  /** The name is known only after apply. */
  readonly afterApply?: boolean;
  /** What answers it. */
  readonly what: string;
  /** The range the answer must be in. */
  readonly range: string;
}

/** Public names of an endpoint's target the library can tell before apply (the resource's name in its service's domain). */
const ENDPOINT_NAMES: Partial<Record<string, (name: string) => string>> = {
  keyvault: (n) => `${n}.vault.azure.net`,
  blob: (n) => `${n}.blob.core.windows.net`,
};

/**
 * The names to check from on-premises: the Arc hosts (`privateLink.dnsCheckHosts`),
 * Azure Monitor's query API, the key vaults and storage accounts of the
 * endpoints, the API servers of `aksPrivateAccess` (their private FQDN),
 * and each private AKS cluster in a spoke with a hub zone (its FQDN is
 * known after apply). Automation accounts are named by an id only Azure
 * knows, so they have none.
 */
export function dnsChecks(hub: HubStackPlan): DnsCheck[] {
  const endpoints = hub.hub.endpointSubnet;
  const pl = hub.privateLink;
  const checks: DnsCheck[] = [];
  for (const name of pl?.dnsCheckHosts ?? []) checks.push({ name, what: "Azure Arc (private link scope)", range: endpoints });
  if (pl?.monitor) checks.push({ name: "api.monitor.azure.com", what: "Azure Monitor (private link scope)", range: endpoints });
  for (const e of pl?.endpoints ?? []) {
    const target = parseArmId(e.resourceId)?.name;
    const name = ENDPOINT_NAMES[e.type];
    if (target && name) checks.push({ name: name(target.toLowerCase()), what: `${e.type} endpoint ${e.name}`, range: endpoints });
  }
  for (const a of hub.aksEndpoints) checks.push({ name: a.privateFqdn, what: `AKS API server ${a.name} (endpoint ${a.endpointName})`, range: endpoints });
  for (const c of hub.aksClusters) {
    if (typeof c.privateDnsZone !== "object") continue;
    const spoke = hub.spokes.find((s) => s.name === c.spoke);
    const range = spoke?.subnets?.find((s) => s.name === c.subnet)?.addressPrefix ?? spoke?.addressSpace.join(", ") ?? c.spoke;
    checks.push({ name: `the private FQDN of ${c.name} (terraform output aks_clusters)`, afterApply: true, what: `AKS cluster ${c.clusterName} (API server in spoke ${c.spoke}, subnet ${c.subnet})`, range });
  }
  return checks;
}

/** How on-premises reaches the hub, in words. */
function connection(hub: HubStackPlan): string {
  const op = hub.onPremises;
  if (op?.vpn) return "over the site-to-site VPN";
  if (op?.expressRoute) return "over ExpressRoute";
  return "over your connection to the hub (the topology has no VPN or ExpressRoute connection of its own)";
}

/** Notes on who owns the zones, when it is not the stack. */
function zoneNotes(hub: HubStackPlan): string[] {
  if (hub.dns.mode === "policy") {
    return [
      "The private DNS zones belong to Azure Policy (`privateLink.dns.mode: policy`): the stack neither creates nor links them. The resolver answers for them only once the zones' owners have linked the hub's virtual network to each zone.",
    ];
  }
  const notes = hub.dns.mode === "existing" ? ["The private DNS zones exist already (`privateLink.dns.mode: existing`); the stack links the hub's virtual network to them."] : [];
  if (hub.dns.fallbackZones.length > 0) {
    notes.push(
      `Fallback to internet (\`resolution_policy = "NxDomainRedirect"\` on the stack's links) for ${hub.dns.fallbackZones.map(code).join(", ")}: a name such a zone does not hold (a resource without a private endpoint here) resolves through public DNS instead of failing, so it is no sign of a missing forwarder.`,
    );
  }
  return notes;
}

function checksMarkdown(hub: HubStackPlan, checks: readonly DnsCheck[]): string[] {
  if (checks.length === 0) return [];
  return [
    "## Checks",
    "",
    `After \`terraform apply\` of ${code(hub.stackName)}, run these from a machine that uses the on-premises DNS servers. Each name must resolve to a private address in the range shown; a public address means a forwarder is missing or the zone is not linked to the hub${hub.dns.fallbackZones.length > 0 ? ", or, in a zone with fallback to internet (above), that the name's record is missing" : ""}.`,
    "",
    markdownTable(
      ["name", "answered by", "must return an address in"],
      checks.map((c) => [c.afterApply ? c.name : code(c.name), c.what, c.range]),
    ),
    "",
    "```sh",
    ...checks.map((c) => (c.afterApply ? `# ${c.name}: nslookup it once known` : `nslookup ${c.name}`)),
    "```",
    "",
    "Private-link and non-private-link Arc machines cannot share a DNS server or zone (Microsoft Learn): machines that resolve through these forwarders must join the private link scope.",
    "",
  ];
}

const AFTER_APPLY = "Without forwarders (a DNS server that cannot forward, or a few single servers): after `terraform apply`, `arc-connectivity handoff --outputs FILE` (FILE: `terraform output -json` of the stack) writes the A records to create on a DNS server and the hosts-file lines for single servers.";

/** The Markdown hand-off: the forwarders and the checks, or what to do without a resolver. */
function markdown(hub: HubStackPlan, source: Source, checks: readonly DnsCheck[]): string {
  const zones = hub.dns.forwarderZones;
  const ip = hub.hub.resolverInboundIp;
  const head = ["# DNS: conditional forwarders for the on-premises DNS servers", "", sourceMarkdown(source, [hub.stackName]), ""];
  if (zones.length === 0) {
    return [...head, "The hub holds no private DNS zones (no private link, no private AKS): the on-premises DNS servers need no conditional forwarders.", ""].join("\n");
  }
  if (ip === undefined) {
    const would = hubAddresses(parseCidr(hub.hub.addressSpace[0])).resolverInboundIp;
    return [
      ...head,
      "The hub has no DNS Private Resolver (`hub.dnsResolver: false`), so there is no address in Azure to forward the zones below to. Choose one of:",
      "",
      `1. Turn the resolver on (\`hub.dnsResolver: true\`, the default): its inbound endpoint gets ${would}, fixed by the hub layout, and this file lists the forwarders to it.`,
      `2. Forward the zones to a DNS server of your own in a virtual network linked to the private DNS zones (it asks Azure DNS, 168.63.129.16), reached ${connection(hub)}.`,
      "3. Create the records yourself: see below.",
      "",
      ...zoneNotes(hub).flatMap((n) => [n, ""]),
      markdownTable(["zone to forward"], zones.map((z) => [code(z)])),
      "",
      AFTER_APPLY,
      "",
      ...checksMarkdown(hub, checks),
    ].join("\n");
  }
  return [
    ...head,
    `On every on-premises DNS server that Arc machines, clusters and administrators use, forward each zone below to the hub's DNS Private Resolver: its inbound endpoint **${ip}** (fixed by the hub layout; \`terraform output dns_resolver_inbound_ip\` says the same), reached ${connection(hub)}. Add them before onboarding; the names resolve to private addresses once ${code(hub.stackName)} is applied.`,
    "",
    ...zoneNotes(hub).flatMap((n) => [n, ""]),
    markdownTable(["zone", "forward to"], zones.map((z) => [code(z), ip])),
    "",
    "The same forwarders, ready to use (each file stands alone):",
    "",
    `- Windows DNS Server, PowerShell: ${code(DNS_FILES.powershell)}`,
    `- BIND, a \`named.conf\` snippet to include: ${code(DNS_FILES.bind)}`,
    `- CSV (zone, forwarder): ${code(DNS_FILES.csv)}`,
    "",
    ...checksMarkdown(hub, checks),
    AFTER_APPLY,
    "",
  ].join("\n");
}

/**
 * The other way (`onPremises.dns`): the domains the hub's resolver forwards
 * to the on-premises DNS servers, and what those servers must accept.
 */
function toOnPremisesMarkdown(hub: HubStackPlan): string {
  const to = hub.dns.toOnPremises;
  if (!to) return "";
  return [
    "",
    "## Azure to on-premises",
    "",
    `The hub's DNS resolver forwards these on-premises domains to your DNS servers, from its outbound endpoint in ${code(to.outboundSubnet)} (\`terraform output dns_forwarding_rules\`). Machines in Azure that use the hub resolver${to.linkedSpokes.length > 0 ? `, and those in the spokes linked to the ruleset (${to.linkedSpokes.map(code).join(", ")})` : ""}, resolve them. Each server must answer queries (UDP and TCP 53) from ${code(to.outboundSubnet)} (${connection(hub)} for those on-premises); firewall.md has the rule.`,
    "",
    markdownTable(["domain", "forwarded to"], to.domains.map((d) => [code(d), to.servers.map((s) => `${s}:53`).join(", ")])),
    "",
    `Check from a machine in the hub or a spoke: \`nslookup <a host in ${to.domains[0]?.slice(0, -1) ?? "the domain"}>\` must return its on-premises address.`,
    "",
  ].join("\n");
}

/** The checks as comment lines of a script or config file. */
function checkComments(prefix: "#" | "//", hub: HubStackPlan, checks: readonly DnsCheck[]): string {
  if (checks.length === 0) return "";
  return `${comment(prefix, ["", `Checks after terraform apply of ${hub.stackName}: each name must resolve to a private address (in the range shown).`, ...checks.map((c) => `  nslookup ${c.afterApply ? `<${c.name}>` : c.name}    (${c.range})`)])}\n`;
}

function powershell(hub: HubStackPlan, source: Source, ip: string, checks: readonly DnsCheck[]): string {
  return [
    comment("#", [
      "Conditional forwarders on a Windows DNS Server: run as an administrator on each on-premises DNS server.",
      sourceText(source, [hub.stackName]),
      `Target: the hub's DNS Private Resolver, inbound endpoint ${ip} (terraform output dns_resolver_inbound_ip).`,
      "In an Active Directory domain, add -ReplicationScope Forest (or Domain) to store each forwarder in Active Directory.",
    ]),
    ...hub.dns.forwarderZones.map((z) => `Add-DnsServerConditionalForwarderZone -Name "${z}" -MasterServers ${ip}`),
    "",
  ].join("\n") + checkComments("#", hub, checks);
}

function bind(hub: HubStackPlan, source: Source, ip: string, checks: readonly DnsCheck[]): string {
  return [
    comment("//", [
      `Conditional forwarders for BIND: include this file in named.conf (include "/etc/bind/${DNS_FILES.bind}";) on each on-premises DNS server, then rndc reload.`,
      sourceText(source, [hub.stackName]),
      `Target: the hub's DNS Private Resolver, inbound endpoint ${ip} (terraform output dns_resolver_inbound_ip).`,
    ]),
    ...hub.dns.forwarderZones.map((z) => `zone "${z}" { type forward; forward only; forwarders { ${ip}; }; };`),
    "",
  ].join("\n") + checkComments("//", hub, checks);
}

/** The DNS hand-off's files (names as in `DNS_FILES`, without the folder); none without a hub. */
export function dnsHandoff(plan: Plan, source: Source): Record<string, string> {
  const hub = plan.hub;
  if (!hub) return {};
  const checks = dnsChecks(hub);
  const files: Record<string, string> = { [DNS_FILES.markdown]: markdown(hub, source, checks) + toOnPremisesMarkdown(hub) };
  const ip = hub.hub.resolverInboundIp;
  if (ip === undefined || hub.dns.forwarderZones.length === 0) return files;
  files[DNS_FILES.powershell] = powershell(hub, source, ip, checks);
  files[DNS_FILES.bind] = bind(hub, source, ip, checks);
  files[DNS_FILES.csv] = csv(["zone", "forwarder", "stack", "topology"], hub.dns.forwarderZones.map((z) => [z, ip, hub.stackName, source.topologyFile]));
  return files;
}
