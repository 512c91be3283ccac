/**
 * The hand-off files written on every synth (render/): the DNS forwarders
 * in four forms with their checks, and the firewall rules per stack, read
 * from the plan. Exact text for small topologies; the default topology and
 * the gateway example against their plans; what every file says where it
 * came from; values from the file that could break a table, a CSV row or a
 * comment; and the list of side files the publish step treats as the app's.
 */
import { readdirSync } from "node:fs";
import { sideFiles, handoffFiles } from "../../render";
import { dnsChecks, dnsHandoff } from "../../render/handoff-dns";
import { firewallHandoff } from "../../render/handoff-firewall";
import { serversHandoff } from "../../render/handoff-servers";
import { topologyDiagram } from "../../render/diagram";
import { code, csvRow, markdownTable } from "../../render/text";
import { SYNTHESIZED_SIDE_FILES } from "../../stacks/output";
import { ARC_SERVICE_TAG_RULES } from "../../lib/nsg/rules";
import { renderAllowlist } from "../../lib/arc-gateway/allowlist";
import { planTopology } from "../../topology/plan";
import { TopologyInput } from "../../topology/schema";
import { example, EXAMPLES, topology } from "../support/synth";

const SOURCE = { topologyFile: "small.yaml" };
const ORIGIN = "From topology `small.yaml`, stack `contoso-connectivity`. Written by `arc-connectivity synth`, which rewrites this file every time: do not edit it.";
const ORIGIN_TEXT = "From topology small.yaml, stack contoso-connectivity. Written by arc-connectivity synth, which rewrites this file every time: do not edit it.";
/** A hub with the resolver, private link, a VPN and one spoke with the servers rules. */
const small = () => planTopology(topology({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], arcRules: "servers" }] }));
const CLUSTER = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/edge";
/** One gateway in eastus with one cluster behind a proxy; no hub. */
const gatewayOnly = (extra: Partial<TopologyInput> = {}) =>
  planTopology(
    topology({
      hub: undefined,
      privateLink: undefined,
      spokes: [],
      onPremises: undefined,
      location: "eastus",
      arcGateways: [{ name: "g1", clusters: [{ id: CLUSTER, serviceCidr: "10.96.0.0/12", proxy: { https: "http://proxy.contoso.com:3128" } }] }],
      ...extra,
    } as Partial<TopologyInput>),
  );
const CHECKS = ["gbl.his.arc.azure.com", "weu.his.arc.azure.com", "agentserviceapi.guestconfiguration.azure.com", "westeurope-gas.guestconfiguration.azure.com", "westeurope.dp.kubernetesconfiguration.azure.com"];

/** A CSV file's records (no quoted line breaks in these). */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].filter((m) => m.index < line.length || m[0] !== "").map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1])));
}

describe("DNS hand-off", () => {
  it("a small hub: the forwarders as Markdown with the checks, PowerShell, BIND and CSV, exactly", () => {
    const files = dnsHandoff(small(), SOURCE);
    expect(Object.keys(files)).toEqual(["dns-forwarders.md", "dns-forwarders.ps1", "dns-forwarders.named.conf", "dns-forwarders.csv"]);
    expect(files["dns-forwarders.md"]).toBe(
      [
        "# DNS: conditional forwarders for the on-premises DNS servers",
        "",
        ORIGIN,
        "",
        "On every on-premises DNS server that Arc machines, clusters and administrators use, forward each zone below to the hub's DNS Private Resolver: its inbound endpoint **10.0.0.100** (fixed by the hub layout; `terraform output dns_resolver_inbound_ip` says the same), reached over the site-to-site VPN. Add them before onboarding; the names resolve to private addresses once `contoso-connectivity` is applied.",
        "",
        "| zone | forward to |",
        "|---|---|",
        "| `his.arc.azure.com` | 10.0.0.100 |",
        "| `guestconfiguration.azure.com` | 10.0.0.100 |",
        "| `dp.kubernetesconfiguration.azure.com` | 10.0.0.100 |",
        "",
        "The same forwarders, ready to use (each file stands alone):",
        "",
        "- Windows DNS Server, PowerShell: `dns-forwarders.ps1`",
        "- BIND, a `named.conf` snippet to include: `dns-forwarders.named.conf`",
        "- CSV (zone, forwarder): `dns-forwarders.csv`",
        "",
        "## Checks",
        "",
        "After `terraform apply` of `contoso-connectivity`, run these from a machine that uses the on-premises DNS servers. Each name must resolve to a private address in the range shown; a public address means a forwarder is missing or the zone is not linked to the hub.",
        "",
        "| name | answered by | must return an address in |",
        "|---|---|---|",
        ...CHECKS.map((h) => `| \`${h}\` | Azure Arc (private link scope) | 10.0.0.0/26 |`),
        "",
        "```sh",
        ...CHECKS.map((h) => `nslookup ${h}`),
        "```",
        "",
        "Private-link and non-private-link Arc machines cannot share a DNS server or zone (Microsoft Learn): machines that resolve through these forwarders must join the private link scope.",
        "",
        "Without forwarders (a DNS server that cannot forward, or a few single servers): after `terraform apply`, `arc-connectivity handoff --outputs FILE` (FILE: `terraform output -json` of the stack) writes the A records to create on a DNS server and the hosts-file lines for single servers.",
        "",
      ].join("\n"),
    );
    const checkComments = (prefix: string) => [
      prefix,
      `${prefix} Checks after terraform apply of contoso-connectivity: each name must resolve to a private address (in the range shown).`,
      ...CHECKS.map((h) => `${prefix}   nslookup ${h}    (10.0.0.0/26)`),
      "",
    ];
    expect(files["dns-forwarders.ps1"]).toBe(
      [
        "# Conditional forwarders on a Windows DNS Server: run as an administrator on each on-premises DNS server.",
        `# ${ORIGIN_TEXT}`,
        "# Target: the hub's DNS Private Resolver, inbound endpoint 10.0.0.100 (terraform output dns_resolver_inbound_ip).",
        "# In an Active Directory domain, add -ReplicationScope Forest (or Domain) to store each forwarder in Active Directory.",
        'Add-DnsServerConditionalForwarderZone -Name "his.arc.azure.com" -MasterServers 10.0.0.100',
        'Add-DnsServerConditionalForwarderZone -Name "guestconfiguration.azure.com" -MasterServers 10.0.0.100',
        'Add-DnsServerConditionalForwarderZone -Name "dp.kubernetesconfiguration.azure.com" -MasterServers 10.0.0.100',
        ...checkComments("#"),
      ].join("\n"),
    );
    expect(files["dns-forwarders.named.conf"]).toBe(
      [
        '// Conditional forwarders for BIND: include this file in named.conf (include "/etc/bind/dns-forwarders.named.conf";) on each on-premises DNS server, then rndc reload.',
        `// ${ORIGIN_TEXT}`,
        "// Target: the hub's DNS Private Resolver, inbound endpoint 10.0.0.100 (terraform output dns_resolver_inbound_ip).",
        'zone "his.arc.azure.com" { type forward; forward only; forwarders { 10.0.0.100; }; };',
        'zone "guestconfiguration.azure.com" { type forward; forward only; forwarders { 10.0.0.100; }; };',
        'zone "dp.kubernetesconfiguration.azure.com" { type forward; forward only; forwarders { 10.0.0.100; }; };',
        ...checkComments("//"),
      ].join("\n"),
    );
    expect(files["dns-forwarders.csv"]).toBe(
      [
        "zone,forwarder,stack,topology",
        "his.arc.azure.com,10.0.0.100,contoso-connectivity,small.yaml",
        "guestconfiguration.azure.com,10.0.0.100,contoso-connectivity,small.yaml",
        "dp.kubernetesconfiguration.azure.com,10.0.0.100,contoso-connectivity,small.yaml",
        "",
      ].join("\n"),
    );
  });

  it("the default topology: every forwarder zone of the plan in each form, to the resolver's IP; checks for the Arc hosts, Monitor, the key vault and storage names, the AKS endpoint, and the spoke cluster after apply", () => {
    const plan = planTopology(example("private-link.yaml"));
    const hub = plan.hub!;
    const files = dnsHandoff(plan, { topologyFile: "examples/private-link.yaml" });
    const zones = hub.dns.forwarderZones;
    expect(zones).toHaveLength(13);
    expect(hub.hub.resolverInboundIp).toBe("10.0.0.100");
    expect(files["dns-forwarders.ps1"].split("\n").filter((l) => l.startsWith("Add-"))).toEqual(zones.map((z) => `Add-DnsServerConditionalForwarderZone -Name "${z}" -MasterServers 10.0.0.100`));
    expect(files["dns-forwarders.named.conf"].split("\n").filter((l) => l.startsWith("zone "))).toEqual(zones.map((z) => `zone "${z}" { type forward; forward only; forwarders { 10.0.0.100; }; };`));
    expect(parseCsv(files["dns-forwarders.csv"])).toEqual([["zone", "forwarder", "stack", "topology"], ...zones.map((z) => [z, "10.0.0.100", "contoso-connectivity", "examples/private-link.yaml"])]);
    expect(files["dns-forwarders.md"]).toContain(markdownTable(["zone", "forward to"], zones.map((z) => [code(z), "10.0.0.100"])));
    expect(dnsChecks(hub).map((c) => [c.name, c.range])).toEqual([
      ...CHECKS.map((h) => [h, "10.0.0.0/26"]),
      ["api.monitor.azure.com", "10.0.0.0/26"],
      ["kv-contoso-arc.vault.azure.net", "10.0.0.0/26"],
      ["stcontososcripts.blob.core.windows.net", "10.0.0.0/26"],
      [hub.aksEndpoints[0].privateFqdn, "10.0.0.0/26"],
      ["the private FQDN of ops (terraform output aks_clusters)", "10.4.0.0/24"],
    ]);
    // A name known only after apply is no command to paste.
    expect(files["dns-forwarders.md"]).toContain("\n# the private FQDN of ops (terraform output aks_clusters): nslookup it once known\n");
    expect(files["dns-forwarders.ps1"]).toContain("#   nslookup <the private FQDN of ops (terraform output aks_clusters)>    (10.4.0.0/24)\n");
  });

  it("without a resolver: what to do instead, the zones and the checks, and no forwarder files", () => {
    const plan = planTopology(topology({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" }, dnsResolver: false }, spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] }));
    const files = dnsHandoff(plan, SOURCE);
    expect(Object.keys(files)).toEqual(["dns-forwarders.md"]);
    const md = files["dns-forwarders.md"];
    expect(md).toContain("The hub has no DNS Private Resolver (`hub.dnsResolver: false`), so there is no address in Azure to forward the zones below to. Choose one of:");
    expect(md).toContain("1. Turn the resolver on (`hub.dnsResolver: true`, the default): its inbound endpoint gets 10.0.0.100, fixed by the hub layout, and this file lists the forwarders to it.");
    expect(md).toContain("2. Forward the zones to a DNS server of your own in a virtual network linked to the private DNS zones (it asks Azure DNS, 168.63.129.16), reached over the site-to-site VPN.");
    expect(md).toContain("| zone to forward |\n|---|\n| `his.arc.azure.com` |\n| `guestconfiguration.azure.com` |\n| `dp.kubernetesconfiguration.azure.com` |\n");
    expect(md).toContain("`arc-connectivity handoff --outputs FILE`");
    expect(md).toContain("nslookup gbl.his.arc.azure.com\n");
    expect(md).not.toContain("**");
  });

  it("a hub without private DNS zones needs no forwarders; no hub, no DNS hand-off", () => {
    const plan = planTopology(topology({ privateLink: undefined }));
    expect(dnsHandoff(plan, SOURCE)).toEqual({
      "dns-forwarders.md": `# DNS: conditional forwarders for the on-premises DNS servers\n\n${ORIGIN}\n\nThe hub holds no private DNS zones (no private link, no private AKS): the on-premises DNS servers need no conditional forwarders.\n`,
    });
    expect(dnsHandoff(gatewayOnly(), SOURCE)).toEqual({});
  });

  it("ExpressRoute, zones owned by Azure Policy and a hub without a connection of its own are said", () => {
    const er = dnsHandoff(planTopology(example("expressroute-cloud.yaml")), SOURCE)["dns-forwarders.md"];
    expect(er).toContain("reached over ExpressRoute.");
    expect(er).toContain("The private DNS zones exist already (`privateLink.dns.mode: existing`); the stack links the hub's virtual network to them.");
    const policy = dnsHandoff(planTopology(example("policy-dns.yaml")), SOURCE)["dns-forwarders.md"];
    expect(policy).toContain("reached over your connection to the hub (the topology has no VPN or ExpressRoute connection of its own).");
    expect(policy).toContain("The private DNS zones belong to Azure Policy (`privateLink.dns.mode: policy`): the stack neither creates nor links them.");
  });
});

describe("firewall hand-off", () => {
  it("a small private-link hub: what crosses the connection, the service tags of each NSG rule profile, the public-route hosts, exactly", () => {
    const files = firewallHandoff(small(), SOURCE);
    expect(files["firewall.md"]).toBe(
      [
        "# Firewall and proxy: what to allow for `contoso`",
        "",
        ORIGIN,
        "",
        "Every rule as CSV: `firewall.csv`.",
        "",
        "## Private link: stack `contoso-connectivity`",
        "",
        "Arc agents reach the Arc services through the private endpoints in the hub (10.0.0.0/26), over the site-to-site VPN. Microsoft Entra ID and Azure Resource Manager are not behind the private link scope and stay on the public route, and so do, for Arc-enabled Kubernetes, Azure Front Door and the Microsoft Container Registry: allow them by service tag or by host.",
        "",
        "### Through the connection to the hub",
        "",
        "| destination | protocol | port | from | what |",
        "|---|---|---|---|---|",
        "| 10.0.0.0/26 | TCP | 443 | Arc machines and clusters, administrators | private endpoints in the hub: Azure Arc |",
        "| 10.0.0.100 | TCP, UDP | 53 | the on-premises DNS servers | the hub's DNS resolver, target of the conditional forwarders (dns-forwarders.md) |",
        "",
        "### Service tags per NSG rule profile",
        "",
        "The spoke NSGs of each profile carry exactly these rules, then `DenyInternetOutbound` (priority 4000) denies other internet egress. A firewall that reads Azure service tags allows the same.",
        "",
        "| profile | direction | service tag | protocol | port | NSG rule | spokes |",
        "|---|---|---|---|---|---|---|",
        "| servers | outbound | `AzureActiveDirectory` | TCP | 443 | AllowAADOutboundAccess (priority 150) | app1 |",
        "| servers | outbound | `AzureResourceManager` | TCP | 443 | AllowAzOutboundAccess (priority 151) | app1 |",
        "| kubernetes | outbound | `AzureActiveDirectory` | TCP | 443 | AllowAADOutboundAccess (priority 150) | - |",
        "| kubernetes | outbound | `AzureResourceManager` | TCP | 443 | AllowAzOutboundAccess (priority 151) | - |",
        "| kubernetes | outbound | `AzureFrontDoor.FirstParty` | TCP | 443 | AllowAzureFrontDoorFirstPartyAccess (priority 152) | - |",
        "| kubernetes | inbound | `AzureFrontDoor.FirstParty` | TCP | 443 | AllowAzureFrontDoorFirstPartyInbound (priority 152) | - |",
        "| kubernetes | outbound | `MicrosoftContainerRegistry` | TCP | 443 | AllowMCROutboundAccess (priority 153) | - |",
        "",
        "### Hosts on the public route",
        "",
        "For a proxy or a firewall that allows host names: outbound HTTPS (443). The private-link hosts (`*.his.arc.azure.com`, `*.guestconfiguration.azure.com`, `*.dp.kubernetesconfiguration.azure.com`) must not be here: they resolve to the private endpoints (dns-forwarders.md).",
        "",
        "| host | port | purpose | for |",
        "|---|---|---|---|",
        "| `management.azure.com` | 443 | Azure Resource Manager control channel (service tag AzureResourceManager) | servers, kubernetes |",
        "| `login.microsoftonline.com` | 443 | Microsoft Entra ID tokens (service tag AzureActiveDirectory) | servers, kubernetes |",
        "| `westeurope.login.microsoft.com` | 443 | Microsoft Entra ID tokens, regional (service tag AzureActiveDirectory) | servers, kubernetes |",
        "| `mcr.microsoft.com` | 443 | Arc agent container images (service tag MicrosoftContainerRegistry) | kubernetes |",
        "| `*.data.mcr.microsoft.com` | 443 | Arc agent container image layers (service tag MicrosoftContainerRegistry) | kubernetes |",
        "",
      ].join("\n"),
    );
    const rows = parseCsv(files["firewall.csv"]);
    expect(rows[0]).toEqual(["section", "stack", "direction", "remote", "remote_type", "protocol", "port", "for", "purpose", "topology"]);
    expect(rows.slice(1, 3)).toEqual([
      ["to-hub", "contoso-connectivity", "outbound", "10.0.0.0/26", "address", "TCP", "443", "Arc machines and clusters, administrators", "private endpoints in the hub: Azure Arc", "small.yaml"],
      ["to-hub", "contoso-connectivity", "outbound", "10.0.0.100", "address", "TCP, UDP", "53", "the on-premises DNS servers", "the hub's DNS resolver, target of the conditional forwarders (dns-forwarders.md)", "small.yaml"],
    ]);
    // The service-tag rows are lib/nsg's rules, per profile: what the spoke NSGs hold.
    const tags = rows.filter((r) => r[0] === "service-tag");
    const expected = (["servers", "kubernetes"] as const).flatMap((p) =>
      ARC_SERVICE_TAG_RULES.filter((r) => r.profiles.includes(p)).map((r) => [r.direction.toLowerCase(), r.direction === "Inbound" ? r.sourceAddressPrefix : r.destinationAddressPrefix, r.destinationPortRange, p, `NSG rule ${r.name} (priority ${r.priority})`]),
    );
    expect(tags.map((r) => [r[2], r[3], r[6], r[7], r[8]])).toEqual(expected);
    expect(rows.filter((r) => r[0] === "public-host").map((r) => r[3])).toEqual(["management.azure.com", "login.microsoftonline.com", "westeurope.login.microsoft.com", "mcr.microsoft.com", "*.data.mcr.microsoft.com"]);
    expect(rows.every((r, i) => i === 0 || r[9] === "small.yaml")).toBe(true);
  });

  it("a gateway topology: its allowlist in the same format (the hosts of allowlist.txt), the cluster's skip range, exactly", () => {
    const plan = gatewayOnly();
    const g = plan.gateways[0];
    const files = firewallHandoff(plan, { topologyFile: "gw.yaml" });
    const hosts = g.allowlist.map((e) => `| \`${e.host}\` | 443 | ${e.purpose} | ${e.for.join(", ")} |`);
    expect(files["firewall.md"]).toBe(
      [
        "# Firewall and proxy: what to allow for `contoso`",
        "",
        "From topology `gw.yaml`, stack `contoso-gateway-g1`. Written by `arc-connectivity synth`, which rewrites this file every time: do not edit it.",
        "",
        "Every rule as CSV: `firewall.csv`.",
        "",
        "## Arc gateway `g1`: stack `contoso-gateway-g1`",
        "",
        "Servers and clusters reach Azure Arc through the gateway `arcgw-contoso-g1` and your proxy, for region eastus. Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS. The gateway's own host is a placeholder until apply: `terraform output arc_gateway_endpoint` of the stack gives it. The stack's `allowlist.txt` holds the same list.",
        "",
        "| host | port | purpose | for |",
        "|---|---|---|---|",
        ...hosts,
        "",
        "## Proxy bypass per cluster",
        "",
        "What each Arc-enabled Kubernetes cluster behind a proxy sends around it: the nodes' `NO_PROXY` and the `--proxy-skip-range` of `az connectedk8s connect` (the service range and the in-cluster names).",
        "",
        "| cluster | stack | proxy | NO_PROXY / --proxy-skip-range |",
        "|---|---|---|---|",
        "| rg-k8s/edge | contoso-gateway-g1 | http://proxy.contoso.com:3128 | `10.96.0.0/12,kubernetes.default.svc,.svc.cluster.local,.svc` |",
        "",
      ].join("\n"),
    );
    expect(hosts[0]).toBe("| `<prefix>.gw.arc.azure.com` | 443 | your Arc gateway (terraform output arc_gateway_endpoint) | servers, kubernetes |");
    expect(hosts).toHaveLength(10);
    // The same hosts as the stack's allowlist.txt, in its order.
    const allowlistHosts = renderAllowlist("t", [...g.allowlist]).split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(/\s+/)[0]);
    expect(parseCsv(files["firewall.csv"]).slice(1).map((r) => [r[0], r[1], r[3], r[6]])).toEqual(allowlistHosts.map((h) => ["gateway-allowlist", "contoso-gateway-g1", h, "443"]));
  });

  it("the gateway example: a section per gateway stack, and a bypass line per cluster (the gateways' and the Kubernetes stack's)", () => {
    const plan = planTopology(example("arc-gateway.yaml"));
    const md = firewallHandoff(plan, { topologyFile: "examples/arc-gateway.yaml" })["firewall.md"];
    expect(md.split("\n").filter((l) => l.startsWith("## "))).toEqual(["## Arc gateway `east`: stack `contoso-gw-gateway-east`", "## Arc gateway `lab`: stack `contoso-gw-gateway-lab`", "## Proxy bypass per cluster"]);
    expect(md).toContain("From topology `examples/arc-gateway.yaml`, stacks `contoso-gw-gateway-east`, `contoso-gw-gateway-lab`, `contoso-gw-k8s-store42`.");
    expect(md.split("\n").filter((l) => /^\| (rg-arc-k8s|store42)/.test(l))).toEqual([
      "| rg-arc-k8s/edge01 | contoso-gw-gateway-east | http://proxy.contoso.com:3128 | `10.96.0.0/12,kubernetes.default.svc,.svc.cluster.local,.svc` |",
      "| rg-arc-k8s/edge02 | contoso-gw-gateway-east | http://proxy.contoso.com:3128 | `10.43.0.0/16,kubernetes.default.svc,.svc.cluster.local,.svc,10.0.0.0/8` |",
      "| store42 | contoso-gw-k8s-store42 | http://proxy.contoso.com:3128 | `10.43.0.0/16,kubernetes.default.svc,.svc.cluster.local,.svc` |",
    ]);
    const csvRows = parseCsv(firewallHandoff(plan, { topologyFile: "x" })["firewall.csv"]).slice(1);
    for (const g of plan.gateways) expect(csvRows.filter((r) => r[1] === g.stackName).map((r) => r[3])).toEqual(g.allowlist.map((e) => e.host));
  });

  it("the default topology: the hub's section with the AKS cluster's API server, and the cluster without a proxy said so", () => {
    const md = firewallHandoff(planTopology(example("private-link.yaml")), { topologyFile: "examples/private-link.yaml" })["firewall.md"];
    expect(md).toContain("| 10.4.0.0/24 | TCP | 443 | administrators (kubectl) | private AKS cluster aks-contoso-ops (API server in spoke aks, subnet nodes) |");
    expect(md).toContain("| 10.0.0.0/26 | TCP | 443 | Arc machines and clusters, administrators | private endpoints in the hub: Azure Arc, Azure Monitor, keyvault pe-contoso-keyvault-kv-contoso-arc, blob pe-contoso-blob-stcontososcripts, automation pe-contoso-automation-aa-contoso, AKS API server partner |");
    expect(md).toContain("| servers | outbound | `AzureActiveDirectory` | TCP | 443 | AllowAADOutboundAccess (priority 150) | servers |");
    expect(md).toContain("| kubernetes | inbound | `AzureFrontDoor.FirstParty` | TCP | 443 | AllowAzureFrontDoorFirstPartyInbound (priority 152) | k8s |");
    expect(md).toContain("| factory1 | contoso-k8s-factory1 | none | - (no proxy in the topology) |");
  });

  it("a topology with nothing to allow says so", () => {
    const md = firewallHandoff(planTopology(topology({ privateLink: undefined, onPremises: undefined, hub: { addressSpace: ["10.0.0.0/22"], dnsResolver: false }, spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] })), SOURCE)["firewall.md"];
    expect(md).toContain("Nothing to allow: the topology has no private link, private AKS, Arc gateway or Arc-enabled Kubernetes cluster.");
  });
});

describe("DNS hand-off: fallback to internet", () => {
  it("names the zones whose links fall back to public DNS, and says nothing without them", () => {
    const md = (dns: Record<string, unknown>) => dnsHandoff(planTopology(topology({ privateLink: { dns: dns as never } })), SOURCE)["dns-forwarders.md"];
    expect(md({ fallbackToInternetZones: ["privatelink.his.arc.azure.com"] })).toContain(
      'Fallback to internet (`resolution_policy = "NxDomainRedirect"` on the stack\'s links) for `privatelink.his.arc.azure.com`: a name such a zone does not hold (a resource without a private endpoint here) resolves through public DNS instead of failing, so it is no sign of a missing forwarder.',
    );
    expect(md({ fallbackToInternet: true })).toContain("for `privatelink.his.arc.azure.com`, `privatelink.guestconfiguration.azure.com`, `privatelink.dp.kubernetesconfiguration.azure.com`:");
    expect(md({})).not.toContain("Fallback to internet");
  });
});

describe("Azure to on-premises (onPremises.dns) in the DNS and firewall hand-offs and the picture", () => {
  const plan = (extra: Partial<TopologyInput> = {}) =>
    planTopology(topology({ onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" }, dns: { servers: ["172.16.0.10"], domains: ["corp.contoso.com"] } }, ...extra }));

  it("dns-forwarders.md: the domains, their targets, the outbound range the servers must answer", () => {
    const md = dnsHandoff(plan(), SOURCE)["dns-forwarders.md"];
    expect(md).toContain("\n\n## Azure to on-premises\n\n");
    expect(md).toContain("| `corp.contoso.com.` | 172.16.0.10:53 |");
    expect(md).toContain("Each server must answer queries (UDP and TCP 53) from `10.0.0.112/28` (over the site-to-site VPN for those on-premises); firewall.md has the rule.");
    expect(md).not.toContain("linked to the ruleset");
    expect(dnsHandoff(plan({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] }), SOURCE)["dns-forwarders.md"]).toContain("and those in the spokes linked to the ruleset (`app1`), resolve them.");
    expect(dnsHandoff(small(), SOURCE)["dns-forwarders.md"]).not.toContain("Azure to on-premises");
  });

  it("firewall.md and .csv: DNS from the outbound range to the servers", () => {
    const files = firewallHandoff(plan(), SOURCE);
    expect(files["firewall.md"]).toContain("### From the hub to on-premises");
    expect(files["firewall.md"]).toContain("| 10.0.0.112/28 | TCP, UDP | 53 | 172.16.0.10 | DNS server 172.16.0.10: queries the hub's DNS resolver forwards for corp.contoso.com. (from its outbound endpoint; dns-forwarders.md) |");
    // One row per server, its address alone in the "for" column (a firewall import reads it).
    const two = firewallHandoff(plan({ onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" }, dns: { servers: ["172.16.0.10", "172.16.0.11"], domains: ["corp.contoso.com"] } } }), SOURCE)["firewall.csv"];
    const row = (ip: string) => `from-hub,contoso-connectivity,inbound,10.0.0.112/28,address,"TCP, UDP",53,${ip},DNS server ${ip}: queries the hub's DNS resolver forwards for corp.contoso.com. (from its outbound endpoint; dns-forwarders.md),small.yaml`;
    expect(two.split("\n").filter((l) => l.startsWith("from-hub,"))).toEqual([row("172.16.0.10"), row("172.16.0.11")]);
    expect(firewallHandoff(small(), SOURCE)["firewall.md"]).not.toContain("From the hub to on-premises");
  });

  it("the picture: the resolver's outbound range and an edge with the domains to the on-premises DNS servers, also without private link", () => {
    const lines = topologyDiagram(plan({ privateLink: undefined })).split("\n");
    expect(lines).toContain('    premises_dns["DNS servers<br/>172.16.0.10"]');
    expect(lines).toContain('    resolver["DNS Private Resolver<br/>inbound 10.0.0.100<br/>outbound 10.0.0.112/28"]');
    expect(lines).toContain('  resolver -.->|"forwarding ruleset: corp.contoso.com."| premises_dns');
    expect(lines.filter((l) => l.includes("conditional forwarding"))).toEqual([]);
    // Five domains: three on the edge and a count.
    const five = topologyDiagram(plan({ privateLink: undefined, onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" }, dns: { servers: ["172.16.0.10"], domains: ["a.corp", "b.corp", "c.corp", "d.corp", "e.corp"] } } }));
    expect(five).toContain('  resolver -.->|"forwarding ruleset: a.corp., b.corp., c.corp. and 2 more"| premises_dns');
    // A spoke with its own links is linked to the ruleset (and to the zones when the hub has some).
    const linked = (extra: Partial<TopologyInput>) => topologyDiagram(plan({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }], ...extra }));
    expect(linked({ privateLink: undefined })).toContain("DNS: Azure-provided, linked to the forwarding ruleset");
    expect(linked({})).toContain("DNS: Azure-provided, linked to the private zones and the forwarding ruleset");
  });

  it("dns-forwarders.md's checks say that a public answer in a fallback zone can also mean a missing record", () => {
    const md = (dns: Record<string, unknown>) => dnsHandoff(planTopology(topology({ privateLink: { dns: dns as never } })), SOURCE)["dns-forwarders.md"];
    expect(md({ fallbackToInternetZones: ["privatelink.his.arc.azure.com"] })).toContain("a public address means a forwarder is missing or the zone is not linked to the hub, or, in a zone with fallback to internet (above), that the name's record is missing.");
    expect(md({})).toContain("a public address means a forwarder is missing or the zone is not linked to the hub.");
  });
});

describe("servers hand-off", () => {
  const MACHINE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01";
  const servers = (privateLink: NonNullable<TopologyInput["privateLink"]>) => serversHandoff(planTopology(topology({ privateLink })), SOURCE)["servers.md"];
  const CHECKS = [
    "```sh",
    "azcmagent check --location 'westeurope' --enable-pls-check",
    "nslookup gbl.his.arc.azure.com",
    "nslookup weu.his.arc.azure.com",
    "nslookup agentserviceapi.guestconfiguration.azure.com",
    "nslookup westeurope-gas.guestconfiguration.azure.com",
    "nslookup westeurope.dp.kubernetesconfiguration.azure.com",
    "```",
  ].join("\n");

  it("without a proxy or existing servers: connect, then the checks, numbered 1 and 2", () => {
    const text = servers({});
    expect(text.split("\n").filter((l) => l.startsWith("#"))).toEqual(["# Arc-enabled servers through the private link scope", "## 1. Connect", "## 2. Checks after onboarding"]);
    expect(text).toContain(ORIGIN);
    expect(text).toContain(CHECKS);
    expect(text).toContain("`terraform output -raw onboarding_command_servers` is the `azcmagent connect ... --private-link-scope ...` command (agent 1.4 or later;");
    expect(text).not.toContain("onboarding_steps_servers");
    expect(text).not.toContain("proxy.url");
  });

  it("with a proxy: the settings first, in order, with the agent versions; with the Arc bypass or without it", () => {
    const text = servers({ serverProxy: { url: "http://proxy.contoso.com:3128" } });
    expect(text.split("\n").filter((l) => l.startsWith("## "))).toEqual(["## 1. Proxy settings, before connecting", "## 2. Connect", "## 3. Checks after onboarding"]);
    expect(text).toContain("```sh\nazcmagent config set proxy.url 'http://proxy.contoso.com:3128'\nazcmagent config set proxy.bypass 'Arc'\n```");
    expect(text).toContain("- `proxy.url` needs Connected Machine agent 1.13 or later.");
    expect(text).toContain('- `proxy.bypass "Arc"` needs agent 1.15 or later.');
    expect(text).toContain("`terraform output -json onboarding_steps_servers` lists the proxy settings and the command in order.");
    const without = servers({ serverProxy: { url: "http://proxy.contoso.com:3128", bypassArc: false } });
    expect(without).toContain("```sh\nazcmagent config set proxy.url 'http://proxy.contoso.com:3128'\n```");
    expect(without).not.toContain("proxy.bypass 'Arc'");
    expect(without).toContain("The Arc services also go through the proxy (`bypassArc: false`)");
  });

  it("lists the servers already onboarded with the 15-minute wait", () => {
    const text = servers({ machines: [{ id: MACHINE }] });
    expect(text).toContain("## Servers already onboarded");
    expect(text).toContain("The scope can take up to 15 minutes after apply to accept their connections.");
    expect(text).toContain(`| \`web01\` | \`${MACHINE}\` |`);
    expect(servers({})).not.toContain("already onboarded");
    // Public access off (the default): the servers must reach the endpoint before they are associated.
    expect(text).toContain("On a first deployment, apply without `privateLink.machines`, set those up, then add the servers and apply again.");
    expect(servers({ machines: [{ id: MACHINE }], serverProxy: { url: "http://proxy:3128" } })).toContain("and on a server behind the proxy `proxy.bypass` must be set as above.");
    expect(servers({ machines: [{ id: MACHINE }], publicNetworkAccess: true })).not.toContain("On a first deployment");
  });

  it("firewall.md tells the proxy team what goes through the servers' proxy, with and without the Arc bypass", () => {
    const firewall = (bypassArc: boolean) => firewallHandoff(planTopology(topology({ privateLink: { serverProxy: { url: "http://proxy.contoso.com:3128", bypassArc } } })), SOURCE)["firewall.md"];
    expect(firewall(true)).toContain(
      "The Arc-enabled servers reach these hosts through the proxy `http://proxy.contoso.com:3128` (`privateLink.serverProxy`): it must allow them. The Arc services skip it (`azcmagent config set proxy.bypass Arc`): the proxy sees no private-link host.",
    );
    expect(firewall(false)).toContain("The Arc services go through it too (`bypassArc: false`): it must resolve the private-link hosts to the private endpoint and reach the hub's endpoint subnet.");
    expect(firewallHandoff(small(), SOURCE)["firewall.md"]).not.toContain("privateLink.serverProxy");
  });

  it("with the scope in another region: the servers' region, checks and regional Entra ID host are the scope's", () => {
    const plan = planTopology(topology({ privateLink: { location: "eastus" } }));
    const text = serversHandoff(plan, SOURCE)["servers.md"];
    expect(text).toContain("The servers join the Arc Private Link Scope of `contoso-connectivity` (region `eastus`).");
    expect(text).toContain("azcmagent check --location 'eastus' --enable-pls-check");
    const firewall = firewallHandoff(plan, SOURCE)["firewall.md"];
    expect(firewall).toContain("`eastus.login.microsoft.com`");
    expect(firewall).not.toContain("westeurope.login.microsoft.com");
  });

  it("is not written without private link", () => {
    expect(serversHandoff(planTopology(topology({ privateLink: undefined })), SOURCE)).toEqual({});
    expect(serversHandoff(gatewayOnly(), SOURCE)).toEqual({});
  });
});

describe("the side files", () => {
  it("handoff/README.md lists the files of this synth, who each is for, and the after-apply command", () => {
    const files = handoffFiles(small(), SOURCE);
    expect(Object.keys(files)).toEqual(["README.md", "dns-forwarders.md", "dns-forwarders.ps1", "dns-forwarders.named.conf", "dns-forwarders.csv", "firewall.md", "firewall.csv", "servers.md"]);
    const readme = files["README.md"];
    expect(readme.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split(" | ")[0].slice(2))).toEqual(Object.keys(files).slice(1).map((f) => code(f)));
    expect(readme).toContain("`arc-connectivity handoff --outputs outputs.json 'small.yaml'`");
    const gateway = handoffFiles(gatewayOnly(), SOURCE)["README.md"];
    expect(gateway).toContain("The topology has no hub: there is no DNS hand-off (Arc gateways and their machines use public DNS).");
    expect(gateway).not.toContain("dns-forwarders");
  });

  it("every file names the topology file and its stack, and the same plan gives the same files", () => {
    for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"))) {
      const plan = planTopology(example(name));
      const files = sideFiles(plan, { topologyFile: `examples/${name}` });
      expect(sideFiles(planTopology(example(name)), { topologyFile: `examples/${name}` })).toEqual(files);
      for (const [file, text] of Object.entries(files)) {
        if (!file.startsWith("handoff/")) continue;
        expect({ file, names: text.includes(`examples/${name}`) }).toEqual({ file, names: true });
        const stack = plan.hub?.stackName ?? plan.gateways[0]?.stackName;
        if (file !== "handoff/README.md") expect({ file, stack: text.includes(stack as string) }).toEqual({ file, stack: true });
      }
    }
  });

  it("every path a side file may have is in SYNTHESIZED_SIDE_FILES (the publish step replaces those, and carries the rest)", () => {
    const plans = [
      ...readdirSync(EXAMPLES)
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => planTopology(example(f))),
      small(),
      gatewayOnly(),
      planTopology(topology({ privateLink: undefined })),
      planTopology(topology({ onPremises: undefined, hub: { addressSpace: ["10.0.0.0/22"], dnsResolver: false }, spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] })),
    ];
    const written = new Set(plans.flatMap((p) => Object.keys(sideFiles(p, SOURCE))));
    for (const f of written) expect({ f, listed: SYNTHESIZED_SIDE_FILES.has(f) }).toEqual({ f, listed: true });
    // And nothing listed that no plan writes, apart from the picture's file.
    expect([...SYNTHESIZED_SIDE_FILES].filter((f) => !written.has(f) && f !== "topology.md")).toEqual([]);
  });

  it("a topology file's name with table, code and CSV characters or a line break cannot break a file", () => {
    const odd = { topologyFile: "my `odd` | dir,\"x\"\nname.yaml" };
    const files = handoffFiles(small(), odd);
    expect(files["dns-forwarders.md"]).toContain("From topology ``my `odd` | dir,\"x\"\\nname.yaml``, stack `contoso-connectivity`.");
    expect(files["dns-forwarders.ps1"].split("\n")[1]).toBe('# From topology my `odd` | dir,"x"\\nname.yaml, stack contoso-connectivity. Written by arc-connectivity synth, which rewrites this file every time: do not edit it.');
    expect(parseCsv(files["dns-forwarders.csv"].split("\n").slice(0, 1).join("\n"))).toEqual([["zone", "forwarder", "stack", "topology"]]);
    expect(files["dns-forwarders.csv"]).toContain(`his.arc.azure.com,10.0.0.100,contoso-connectivity,${csvRow(['my `odd` | dir,"x"\nname.yaml'])}\n`);
    expect(csvRow(['my `odd` | dir,"x"\nname.yaml'])).toBe('"my `odd` | dir,""x""\nname.yaml"');
    expect(markdownTable(["a"], [["x | y\nz"]])).toBe("| a |\n|---|\n| x \\| y\\nz |");
    expect(code("`")).toBe("`` ` ``");
  });
});
