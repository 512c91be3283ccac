/**
 * The firewall hand-off, for the firewall or proxy team: what to allow,
 * per stack.
 *
 * - The connectivity stack (a hub): what crosses the connection to the hub
 *   (HTTPS to the private endpoints, DNS from the DNS servers to the
 *   resolver, HTTPS to private AKS API servers); with private link, the
 *   service tags and ports of each NSG rule profile (lib/nsg, the spoke
 *   NSGs carry exactly these rules) and the hosts that stay on the public
 *   route (Microsoft Entra ID, Resource Manager, and for Kubernetes the
 *   container registry).
 * - Each Arc gateway stack: its allowlist (the hosts of `allowlist.txt`)
 *   in the same table.
 * - Per Arc-enabled Kubernetes cluster: its proxy and the `NO_PROXY` /
 *   `--proxy-skip-range` line.
 */
import { ARC_SERVICE_TAG_RULES, ArcRuleProfile } from "../lib/nsg/rules";
import type { GatewayStackPlan, HubStackPlan, Plan } from "../topology/plan";
import { code, csv, markdownTable, Source, sourceMarkdown } from "./text";

/** The firewall hand-off's files in `handoff/`. */
export const FIREWALL_FILES = { markdown: "firewall.md", csv: "firewall.csv" } as const;

/** A host on the public route that a private-link topology still needs. */
interface PublicHost {
  readonly host: string;
  readonly purpose: string;
  readonly for: readonly ArcRuleProfile[];
}

/**
 * Hosts behind the service tags of the profiles' outbound rules that the
 * private link scope does not cover (the same names and purposes as the
 * gateway allowlist, lib/arc-gateway/allowlist.ts): Resource Manager,
 * Entra ID (global and regional), and the container registry the
 * Kubernetes agents pull from.
 */
function publicHosts(region: string): PublicHost[] {
  return [
    { host: "management.azure.com", purpose: "Azure Resource Manager control channel (service tag AzureResourceManager)", for: ["servers", "kubernetes"] },
    { host: "login.microsoftonline.com", purpose: "Microsoft Entra ID tokens (service tag AzureActiveDirectory)", for: ["servers", "kubernetes"] },
    { host: `${region}.login.microsoft.com`, purpose: "Microsoft Entra ID tokens, regional (service tag AzureActiveDirectory)", for: ["servers", "kubernetes"] },
    { host: "mcr.microsoft.com", purpose: "Arc agent container images (service tag MicrosoftContainerRegistry)", for: ["kubernetes"] },
    { host: "*.data.mcr.microsoft.com", purpose: "Arc agent container image layers (service tag MicrosoftContainerRegistry)", for: ["kubernetes"] },
  ];
}

const PROFILES: readonly ArcRuleProfile[] = ["servers", "kubernetes"];

/** One row of the firewall hand-off: the remote end of a rule, seen from the machines and clusters. */
interface Row {
  readonly section: "to-hub" | "from-hub" | "service-tag" | "public-host" | "gateway-allowlist";
  readonly stack: string;
  readonly direction: "outbound" | "inbound";
  /** The destination of an outbound rule, the source of an inbound one. */
  readonly remote: string;
  readonly remoteType: "address" | "service-tag" | "host";
  readonly protocol: string;
  readonly port: string;
  /** Who needs it. */
  readonly for: string;
  readonly purpose: string;
}

/** The rows of the connectivity stack: across the connection, then (private link) service tags and public hosts. */
function hubRows(hub: HubStackPlan): Row[] {
  const stack = hub.stackName;
  const rows: Row[] = [];
  const toHub = (remote: string, protocol: string, port: string, who: string, purpose: string) => rows.push({ section: "to-hub", stack, direction: "outbound", remote, remoteType: "address", protocol, port, for: who, purpose });
  const pl = hub.privateLink;
  if (pl || hub.aksEndpoints.length > 0) {
    const served = [...(pl ? ["Azure Arc", ...(pl.monitor ? ["Azure Monitor"] : []), ...pl.endpoints.map((e) => `${e.type} ${e.name}`)] : []), ...hub.aksEndpoints.map((a) => `AKS API server ${a.name}`)];
    toHub(hub.hub.endpointSubnet, "TCP", "443", "Arc machines and clusters, administrators", `private endpoints in the hub: ${served.join(", ")}`);
  }
  if (hub.hub.resolverInboundIp !== undefined && hub.dns.forwarderZones.length > 0) {
    toHub(hub.hub.resolverInboundIp, "TCP, UDP", "53", "the on-premises DNS servers", "the hub's DNS resolver, target of the conditional forwarders (dns-forwarders.md)");
  }
  const toOnPremises = hub.dns.toOnPremises;
  // One row per DNS server (the "for" column holds its address alone, for a firewall import).
  for (const server of toOnPremises?.servers ?? []) {
    rows.push({
      section: "from-hub",
      stack,
      direction: "inbound",
      remote: toOnPremises?.outboundSubnet ?? "",
      remoteType: "address",
      protocol: "TCP, UDP",
      port: "53",
      for: server,
      purpose: `DNS server ${server}: queries the hub's DNS resolver forwards for ${toOnPremises?.domains.join(", ")} (from its outbound endpoint; dns-forwarders.md)`,
    });
  }
  for (const c of hub.aksClusters) {
    const spoke = hub.spokes.find((s) => s.name === c.spoke);
    const range = spoke?.subnets?.find((s) => s.name === c.subnet)?.addressPrefix ?? spoke?.addressSpace.join(", ") ?? c.spoke;
    toHub(range, "TCP", "443", "administrators (kubectl)", `private AKS cluster ${c.clusterName} (API server in spoke ${c.spoke}, subnet ${c.subnet})`);
  }
  if (!pl) return rows;
  for (const profile of PROFILES) {
    for (const r of ARC_SERVICE_TAG_RULES.filter((x) => x.profiles.includes(profile))) {
      const inbound = r.direction === "Inbound";
      rows.push({
        section: "service-tag",
        stack,
        direction: inbound ? "inbound" : "outbound",
        remote: inbound ? r.sourceAddressPrefix : r.destinationAddressPrefix,
        remoteType: "service-tag",
        protocol: r.protocol.toUpperCase(),
        port: r.destinationPortRange,
        for: profile,
        purpose: `NSG rule ${r.name} (priority ${r.priority})`,
      });
    }
  }
  // The machines' region is the scope's: the regional Entra ID host follows it.
  for (const h of publicHosts(hub.privateLink?.location ?? hub.location)) rows.push({ section: "public-host", stack, direction: "outbound", remote: h.host, remoteType: "host", protocol: "TCP", port: "443", for: h.for.join(", "), purpose: h.purpose });
  return rows;
}

/** A gateway stack's allowlist as rows: the same hosts, purposes and agent kinds as its allowlist.txt. */
function gatewayRows(g: GatewayStackPlan): Row[] {
  return g.allowlist.map((e) => ({ section: "gateway-allowlist", stack: g.stackName, direction: "outbound", remote: e.host, remoteType: "host", protocol: "TCP", port: "443", for: e.for.join(", "), purpose: e.purpose }));
}

/** How on-premises reaches the hub, in words. */
function connection(hub: HubStackPlan): string {
  if (hub.onPremises?.vpn) return "over the site-to-site VPN";
  if (hub.onPremises?.expressRoute) return "over ExpressRoute";
  return "over your connection to the hub";
}

const hostTable = (rows: readonly Row[]) => markdownTable(["host", "port", "purpose", "for"], rows.map((r) => [code(r.remote), r.port, r.purpose, r.for]));

function hubMarkdown(hub: HubStackPlan, rows: readonly Row[]): string[] {
  const pl = hub.privateLink;
  const of = (section: Row["section"]) => rows.filter((r) => r.section === section);
  const lines = [`## ${pl ? "Private link" : "Hub"}: stack ${code(hub.stackName)}`, ""];
  if (pl) {
    lines.push(
      `Arc agents reach the Arc services through the private endpoints in the hub (${hub.hub.endpointSubnet}), ${connection(hub)}. Microsoft Entra ID and Azure Resource Manager are not behind the private link scope and stay on the public route, and so do, for Arc-enabled Kubernetes, Azure Front Door and the Microsoft Container Registry: allow them by service tag or by host.`,
      "",
    );
  }
  const toHub = of("to-hub");
  if (toHub.length > 0) {
    lines.push(
      `### Through the connection to the hub`,
      "",
      markdownTable(["destination", "protocol", "port", "from", "what"], toHub.map((r) => [r.remote, r.protocol, r.port, r.for, r.purpose])),
      "",
    );
  }
  const fromHub = of("from-hub");
  if (fromHub.length > 0) {
    lines.push(
      `### From the hub to on-premises`,
      "",
      `Azure resolves the domains of \`onPremises.dns\` through the hub's DNS resolver, which forwards the queries to these DNS servers (${connection(hub)} for those on-premises): allow them on the way and on the servers themselves.`,
      "",
      markdownTable(["source", "protocol", "port", "DNS server", "what"], fromHub.map((r) => [r.remote, r.protocol, r.port, r.for, r.purpose])),
      "",
    );
  }
  if (!pl) return lines;
  const spokes = (profile: ArcRuleProfile) => hub.spokes.filter((s) => s.arcRules === profile).map((s) => s.name).join(", ") || "-";
  lines.push(
    "### Service tags per NSG rule profile",
    "",
    "The spoke NSGs of each profile carry exactly these rules, then `DenyInternetOutbound` (priority 4000) denies other internet egress. A firewall that reads Azure service tags allows the same.",
    "",
    markdownTable(
      ["profile", "direction", "service tag", "protocol", "port", "NSG rule", "spokes"],
      of("service-tag").map((r) => [r.for, r.direction, code(r.remote), r.protocol, r.port, r.purpose.replace(/^NSG rule /, ""), spokes(r.for as ArcRuleProfile)]),
    ),
    "",
    "### Hosts on the public route",
    "",
    "For a proxy or a firewall that allows host names: outbound HTTPS (443). The private-link hosts (`*.his.arc.azure.com`, `*.guestconfiguration.azure.com`, `*.dp.kubernetesconfiguration.azure.com`) must not be here: they resolve to the private endpoints (dns-forwarders.md).",
    "",
    hostTable(of("public-host")),
    "",
    ...(pl.serverProxy
      ? [
          `The Arc-enabled servers reach these hosts through the proxy ${code(pl.serverProxy.url)} (\`privateLink.serverProxy\`): it must allow them.${pl.serverProxy.bypassArc ? " The Arc services skip it (`azcmagent config set proxy.bypass Arc`): the proxy sees no private-link host." : " The Arc services go through it too (`bypassArc: false`): it must resolve the private-link hosts to the private endpoint and reach the hub's endpoint subnet."}`,
          "",
        ]
      : []),
  );
  return lines;
}

function gatewayMarkdown(g: GatewayStackPlan, rows: readonly Row[]): string[] {
  return [
    `## Arc gateway ${code(g.name)}: stack ${code(g.stackName)}`,
    "",
    `Servers and clusters reach Azure Arc through the gateway ${code(g.gatewayName)} and your proxy, for region ${g.region}${g.scenarios.length > 0 ? ` and the scenarios ${g.scenarios.join(", ")}` : ""}. Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS. The gateway's own host is a placeholder until apply: \`terraform output arc_gateway_endpoint\` of the stack gives it. The stack's \`allowlist.txt\` holds the same list.`,
    "",
    hostTable(rows),
    "",
  ];
}

/** A cluster and the line its proxy skips. */
interface Bypass {
  readonly cluster: string;
  readonly stack: string;
  readonly proxy?: string;
  readonly skip: readonly string[];
}

/** Every Arc-enabled Kubernetes cluster of the plan: a gateway's clusters, then the `kubernetes.clusters` entries. */
function bypasses(plan: Plan): Bypass[] {
  return [
    ...plan.gateways.flatMap((g) => g.clusters.map((c) => ({ cluster: c.key, stack: g.stackName, proxy: c.proxy?.https, skip: c.skipRange }))),
    ...plan.kubernetes.map((k) => ({ cluster: k.name, stack: k.stackName, proxy: k.proxy?.https, skip: k.proxy?.noProxy ?? [] })),
  ];
}

function bypassMarkdown(list: readonly Bypass[]): string[] {
  if (list.length === 0) return [];
  return [
    "## Proxy bypass per cluster",
    "",
    "What each Arc-enabled Kubernetes cluster behind a proxy sends around it: the nodes' `NO_PROXY` and the `--proxy-skip-range` of `az connectedk8s connect` (the service range and the in-cluster names).",
    "",
    markdownTable(
      ["cluster", "stack", "proxy", "NO_PROXY / --proxy-skip-range"],
      list.map((b) => [b.cluster, b.stack, b.proxy ?? "none", b.proxy === undefined ? "- (no proxy in the topology)" : code(b.skip.join(","))]),
    ),
    "",
  ];
}

/** The firewall hand-off's files (names as in `FIREWALL_FILES`, without the folder): always written, saying so when there is nothing to allow. */
export function firewallHandoff(plan: Plan, source: Source): Record<string, string> {
  const hubRowList = plan.hub ? hubRows(plan.hub) : [];
  const gatewayRowLists = plan.gateways.map((g) => gatewayRows(g));
  const list = bypasses(plan);
  const stacks = [...(plan.hub && hubRowList.length > 0 ? [plan.hub.stackName] : []), ...plan.gateways.map((g) => g.stackName), ...plan.kubernetes.map((k) => k.stackName)];
  const body = [...(plan.hub && hubRowList.length > 0 ? hubMarkdown(plan.hub, hubRowList) : []), ...plan.gateways.flatMap((g, i) => gatewayMarkdown(g, gatewayRowLists[i])), ...bypassMarkdown(list)];
  const markdown = [
    `# Firewall and proxy: what to allow for ${code(plan.name)}`,
    "",
    sourceMarkdown(source, stacks),
    "",
    ...(body.length > 0 ? [`Every rule as CSV: ${code(FIREWALL_FILES.csv)}.`, "", ...body] : ["Nothing to allow: the topology has no private link, private AKS, Arc gateway or Arc-enabled Kubernetes cluster.", ""]),
  ].join("\n");
  const rows = [...hubRowList, ...gatewayRowLists.flat()];
  return {
    [FIREWALL_FILES.markdown]: markdown,
    [FIREWALL_FILES.csv]: csv(
      ["section", "stack", "direction", "remote", "remote_type", "protocol", "port", "for", "purpose", "topology"],
      rows.map((r) => [r.section, r.stack, r.direction, r.remote, r.remoteType, r.protocol, r.port, r.for, r.purpose, source.topologyFile]),
    ),
  };
}
