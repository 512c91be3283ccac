/**
 * The topology as a picture: a Mermaid `flowchart` (GitHub, GitLab and most
 * editors render it) read from the resolved plan, never from the constructs.
 * It shows on-premises, the connection (VPN or ExpressRoute), the hub (its
 * address space, gateway, DNS resolver and private endpoints), the spokes
 * and their peerings, the private DNS zones and the on-premises conditional
 * forwarders, Arc gateways with their machines and clusters, Arc-enabled
 * Kubernetes clusters (through private link or a gateway), private AKS
 * clusters in the spokes and the endpoints that reach API servers.
 *
 * Node ids are made here (`hub`, `spoke_2`, `gateway_1_machine_3`), never
 * from the user's names, so any name gives a valid id; names only appear in
 * quoted labels, where every character Mermaid could read as syntax is
 * written as an entity code (`#34;` for `"`). The output depends only on the
 * plan, in its order: the same topology always gives the same text.
 *
 * Every synth writes it as `<out>/topology.md` (render/index.ts), and
 * `arc-connectivity diagram` prints the same Markdown.
 */
import { parseArmId } from "../lib/core/arm";
import type { HubStackPlan, Plan } from "../topology/plan";
import { code, Source } from "./text";

/** Characters a quoted Mermaid label could read as syntax, HTML or an entity: written as `#<code>;`. */
const LABEL_SPECIAL = /["#%&;<>[\]{}|`\\]|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text for a quoted Mermaid label or edge label: every special character as an entity code (`"` is `#34;`). */
export function mermaidText(text: string): string {
  return text.replace(LABEL_SPECIAL, (c) => `#${c.codePointAt(0)};`);
}

/** Node shapes: a box, a hexagon (connections and gateways), a cylinder (DNS zones), a rounded box (resources elsewhere). */
type Shape = "box" | "hexagon" | "cylinder" | "rounded";

const SHAPES: Readonly<Record<Shape, readonly [string, string]>> = {
  box: ['["', '"]'],
  hexagon: ['{{"', '"}}'],
  cylinder: ['[("', '")]'],
  rounded: ['("', '")'],
};

/** Edges: traffic or an association (`-->`), both ways (`<-->`, connections and peerings), DNS (`-.->`). */
type Arrow = "-->" | "<-->" | "-.->";

/** Builds the flowchart's text: nodes and subgraphs in order, then every edge at the top level (an edge inside a subgraph would pull a node into it). */
class Flowchart {
  private readonly body: string[] = [];
  private readonly edges: string[] = [];
  private readonly ids = new Set<string>();
  private depth = 1;

  private line(text: string): void {
    this.body.push(`${"  ".repeat(this.depth)}${text}`);
  }

  private declare(id: string): void {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id) || this.ids.has(id)) throw new Error(`bug: diagram node id ${id} is not a new valid id`);
    this.ids.add(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** A node whose label is `lines`, one per row (each escaped). */
  node(id: string, lines: readonly string[], shape: Shape = "box"): string {
    this.declare(id);
    const [open, close] = SHAPES[shape];
    this.line(`${id}${open}${lines.map(mermaidText).join("<br/>")}${close}`);
    return id;
  }

  /** A subgraph titled `lines` holding what `inside` declares. */
  subgraph(id: string, lines: readonly string[], inside: () => void): string {
    this.declare(id);
    this.line(`subgraph ${id}["${lines.map(mermaidText).join("<br/>")}"]`);
    this.depth++;
    inside();
    this.depth--;
    this.line("end");
    return id;
  }

  edge(from: string, arrow: Arrow, to: string, label?: string): void {
    if (!this.ids.has(from) || !this.ids.has(to)) throw new Error(`bug: diagram edge ${from} ${arrow} ${to} names an undeclared node`);
    this.edges.push(`  ${from} ${arrow}${label === undefined ? "" : `|"${mermaidText(label)}"|`} ${to}`);
  }

  text(): string {
    return ["flowchart LR", ...this.body, ...this.edges].join("\n");
  }
}

/** `n thing(s)`. */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The resource name of an ARM id (the id itself when it does not parse). */
const armName = (id: string) => parseArmId(id)?.name ?? id;

/** `<resource group>, subscription <id>` of an ARM id, or nothing when it does not parse. */
function armPlace(id: string): string[] {
  const p = parseArmId(id);
  return p ? [`${p.resourceGroup}, subscription ${p.subscriptionId}`] : [];
}

const ARC_RULES_TEXT: Readonly<Record<string, string>> = {
  servers: "Arc NSG rules for servers",
  kubernetes: "Arc NSG rules for Kubernetes",
};

const SPOKE_DNS_TEXT: Readonly<Record<string, string>> = {
  links: "DNS: the private zones, linked to the spoke",
  resolver: "DNS: the hub resolver",
  azure: "DNS: Azure-provided, without the private zones",
};

const ZONES_TITLE: Readonly<Record<string, string>> = {
  managed: "Private DNS zones, created here and linked to the hub",
  existing: "Private DNS zones, existing ones linked to the hub",
  policy: "Private DNS zones, whose records Azure Policy writes",
};

const ENDPOINT_TEXT: Readonly<Record<string, string>> = {
  keyvault: "Key Vault",
  blob: "Storage blob",
  automation: "Automation account",
};

/** The hub-and-spoke stack's part of the picture. The ids other parts link to are returned. */
function drawHub(f: Flowchart, hub: HubStackPlan, premisesNet: string | undefined): { arcEndpoint?: string; resolver?: string; clusters: ReadonlyMap<string, string>; aksEndpoints: readonly string[] } {
  const pl = hub.privateLink;
  const zoneIds = new Map<string, string>();
  const endpointZones: Array<[string, readonly string[]]> = [];
  const clusters = new Map<string, string>();
  let arcEndpoint: string | undefined;
  let resolver: string | undefined;
  let gateway: string | undefined;
  const aksEndpoints: string[] = [];

  f.subgraph("hub", [`Hub ${hub.hub.name}, ${hub.location}`, `stack ${hub.stackName}, resource group ${hub.resourceGroup.name}`], () => {
    f.node("hub_network", ["Hub network", hub.hub.addressSpace.join(", "), `endpoint subnet ${hub.hub.endpointSubnet}`]);
    if (hub.hub.gateway) {
      gateway = f.node("hub_gateway", [hub.hub.gateway.type === "Vpn" ? "VPN gateway" : "ExpressRoute gateway", ...(hub.hub.gateway.sku ? [hub.hub.gateway.sku] : [])], "hexagon");
    }
    if (hub.hub.dnsResolver) {
      resolver = f.node("resolver", ["DNS Private Resolver", ...(hub.hub.resolverInboundIp ? [`inbound ${hub.hub.resolverInboundIp}`] : []), ...(hub.dns.toOnPremises ? [`outbound ${hub.dns.toOnPremises.outboundSubnet}`] : [])]);
    }
    if (pl) {
      arcEndpoint = f.node("endpoint_arc", ["Private endpoint", `Arc Private Link Scope ${pl.scopeName}${pl.location === hub.location ? "" : ` (in ${pl.location})`}`, `public network access ${pl.publicNetworkAccess ? "on" : "off"}`]);
      endpointZones.push([arcEndpoint, pl.zones]);
      if (pl.monitor) {
        const m = pl.monitor;
        const id = f.node("endpoint_monitor", ["Private endpoint", `Azure Monitor Private Link Scope ${m.name}`, `ingestion ${m.ingestionAccessMode}, query ${m.queryAccessMode}`, count(m.linkedResourceIds.length, "linked resource")]);
        endpointZones.push([id, m.zones]);
      }
      pl.endpoints.forEach((e, i) => {
        const id = f.node(`endpoint_${i + 1}`, [`Private endpoint ${e.name}`, `${ENDPOINT_TEXT[e.type] ?? e.type} ${armName(e.resourceId)} (${e.subresource})`]);
        endpointZones.push([id, e.zones]);
      });
    }
    hub.aksEndpoints.forEach((a, i) => {
      const id = f.node(`aks_endpoint_${i + 1}`, [`Private endpoint ${a.endpointName}`, `AKS API server of ${a.name}, ${a.region}`, a.privateFqdn]);
      endpointZones.push([id, [a.zoneName]]);
      aksEndpoints.push(id);
    });
  });

  const zoneNames = [...new Set([...hub.dns.zones, ...endpointZones.flatMap(([, z]) => z), ...hub.aksClusters.flatMap((c) => (typeof c.privateDnsZone === "object" ? [c.privateDnsZone.zoneName] : []))])];
  if (zoneNames.length > 0) {
    f.subgraph("zones", [ZONES_TITLE[hub.dns.mode] ?? "Private DNS zones"], () => {
      zoneNames.forEach((z, i) => zoneIds.set(z, f.node(`zone_${i + 1}`, [z], "cylinder")));
    });
  }

  const spokeNets = hub.spokes.map((s, i) => {
    const id = `spoke_${i + 1}`;
    let net = "";
    f.subgraph(id, [`Spoke ${s.name}`], () => {
      net = f.node(`${id}_network`, [
        s.addressSpace.join(", "),
        ...(s.subnets ?? []).map((n) => `subnet ${n.name} ${n.addressPrefix}`),
        s.nsgName ? `NSG ${s.nsgName}: ${ARC_RULES_TEXT[s.arcRules] ?? s.arcRules}` : "no NSG of its own",
        // A spoke with its own links uses Azure DNS: the hub's zones (when there are any) and the forwarding ruleset are linked to it.
        s.dns === "links"
          ? `DNS: Azure-provided, linked to ${[...(hub.dns.zones.length > 0 && hub.dns.mode !== "policy" ? ["the private zones"] : []), ...(hub.dns.toOnPremises ? ["the forwarding ruleset"] : [])].join(" and ") || "nothing of the hub"}`
          : (SPOKE_DNS_TEXT[s.dns] ?? `DNS: ${s.dns}`),
      ]);
      hub.aksClusters.forEach((c, ci) => {
        if (c.spoke !== s.name) return;
        const zone = typeof c.privateDnsZone === "object" ? `API server zone ${c.privateDnsZone.zoneName}` : c.privateDnsZone === "System" ? "API server zone: AKS's own (System)" : "API server zone: none (public DNS)";
        const cluster = f.node(`aks_${ci + 1}`, [
          `Private AKS cluster ${c.name}`,
          c.clusterName,
          `subnet ${c.subnet}, ${count(c.nodeCount, "node")} ${c.vmSize}`,
          zone,
          ...(c.publicFqdn ? ["public FQDN on"] : []),
        ]);
        clusters.set(c.name, cluster);
      });
    });
    return { plan: s, net };
  });

  // Edges: on-premises to the hub, peerings, DNS, endpoints to their zones and targets.
  if (premisesNet && hub.onPremises) {
    const op = hub.onPremises;
    const connection = f.node(
      "connection",
      op.vpn ? ["Site-to-site VPN", `on-premises device ${op.vpn.gatewayAddress}`] : ["ExpressRoute", ...(op.expressRoute ? [`circuit ${armName(op.expressRoute.circuitId)}`, ...armPlace(op.expressRoute.circuitId)] : [])],
      "hexagon",
    );
    f.edge(premisesNet, "<-->", connection);
    f.edge(connection, "<-->", gateway ?? "hub_network");
  }
  if (gateway) f.edge(gateway, "<-->", "hub_network");
  if (premisesNet && arcEndpoint) f.edge(premisesNet, "-->", arcEndpoint, "Arc agents");
  if (resolver && zoneIds.size > 0) f.edge(resolver, "-.->", "zones", "answers from");
  for (const { plan: s, net } of spokeNets) {
    f.edge("hub_network", "<-->", net, "peering");
    if (s.dns === "resolver" && resolver) f.edge(net, "-.->", resolver, "DNS");
    if (s.dns === "links" && zoneIds.size > 0) f.edge(net, "-.->", "zones", "zone links");
  }
  for (const [id, zones] of endpointZones) for (const z of zones) f.edge(id, "-.->", zoneIds.get(z) as string);
  hub.aksClusters.forEach((c) => {
    if (typeof c.privateDnsZone === "object") f.edge(clusters.get(c.name) as string, "-.->", zoneIds.get(c.privateDnsZone.zoneName) as string, "API server record");
  });
  return { arcEndpoint, resolver, clusters, aksEndpoints };
}

/** An AKS cluster the topology creates, by its ARM id (case-insensitive), or undefined. */
function ownCluster(hub: HubStackPlan, clusterId: string): string | undefined {
  const p = parseArmId(clusterId);
  if (!p || !hub.subscriptionId || p.subscriptionId.toLowerCase() !== hub.subscriptionId.toLowerCase() || p.resourceGroup.toLowerCase() !== hub.resourceGroup.name.toLowerCase()) return undefined;
  return hub.aksClusters.find((c) => c.clusterName.toLowerCase() === p.name.toLowerCase())?.name;
}

/** The Mermaid flowchart of a plan (the text inside the ```mermaid block). */
export function topologyDiagram(plan: Plan): string {
  const f = new Flowchart();
  const hub = plan.hub;
  const forwarders = hub?.hub.dnsResolver ? hub.dns.forwarderZones : [];
  let premisesNet: string | undefined;
  let premisesDns: string | undefined;
  const k8s: string[] = [];
  const servers: string[] = [];
  const pl = hub?.privateLink;
  const toOnPremises = hub?.dns.toOnPremises;
  if (hub?.onPremises || forwarders.length > 0 || toOnPremises || plan.kubernetes.length > 0 || (pl?.machines.length ?? 0) > 0) {
    f.subgraph("premises", ["On-premises"], () => {
      const op = hub?.onPremises;
      if (op) premisesNet = f.node("premises_network", ["On-premises networks", ...(op.vpn ? [op.vpn.addressSpace.join(", ")] : [])]);
      if (forwarders.length > 0 || toOnPremises) {
        premisesDns = f.node("premises_dns", ["DNS servers", ...(toOnPremises ? [toOnPremises.servers.join(", ")] : []), ...(forwarders.length > 0 ? ["conditional forwarders:", ...forwarders] : [])]);
      }
      plan.kubernetes.forEach((k, i) => {
        k8s.push(f.node(`kubernetes_${i + 1}`, [`Arc-enabled Kubernetes ${k.name}`, `${k.distribution} on ${k.infrastructure}`, `stack ${k.stackName}`, ...(k.proxy ? [`proxy ${k.proxy.https}`] : [])]));
      });
      // Servers onboarded before the scope, which the hub stack associates with it.
      pl?.machines.forEach((m, i) => servers.push(f.node(`server_${i + 1}`, [`Arc-enabled server ${armName(m.id)}`, ...armPlace(m.id), "associated with the scope"])));
    });
  }

  const drawn = hub ? drawHub(f, hub, premisesNet) : undefined;
  if (premisesDns && drawn?.resolver && forwarders.length > 0) f.edge(premisesDns, "-.->", drawn.resolver, "conditional forwarding");
  if (premisesDns && drawn?.resolver && toOnPremises) {
    // At most three domains on the edge: a thousand would make a picture Mermaid refuses to draw (50,000 characters).
    const shown = toOnPremises.domains.slice(0, 3).join(", ");
    const more = toOnPremises.domains.length > 3 ? ` and ${toOnPremises.domains.length - 3} more` : "";
    f.edge(drawn.resolver, "-.->", premisesDns, `forwarding ruleset: ${shown}${more}`);
  }

  // The servers reach the scope's endpoint; Entra ID and Resource Manager through their proxy, if any.
  const proxy = pl?.serverProxy ? `, public route via proxy ${pl.serverProxy.url}${pl.serverProxy.bypassArc ? "" : " (Arc too)"}` : "";
  servers.forEach((server) => f.edge(server, "-->", drawn?.arcEndpoint as string, `private link${proxy}`));

  // AKS API-server endpoints: to a cluster of this topology, or to one elsewhere.
  hub?.aksEndpoints.forEach((a, i) => {
    const endpoint = drawn?.aksEndpoints[i] as string;
    const own = ownCluster(hub, a.clusterId);
    const target = own !== undefined ? (drawn?.clusters.get(own) as string) : f.node(`aks_remote_${i + 1}`, [`AKS cluster ${armName(a.clusterId)}`, ...armPlace(a.clusterId), a.region], "rounded");
    const approval = plan.approvals.find((s) => s.name === a.name);
    const how = approval ? `approved in stack ${approval.stackName}` : a.manualApproval ? "the owner approves" : "approved automatically";
    f.edge(endpoint, "-->", target, `private link, ${how}`);
  });

  const gateways = plan.gateways.map((g, gi) => {
    const id = `gateway_${gi + 1}`;
    let resource = "";
    f.subgraph(id, [`Arc gateway ${g.name}`, `stack ${g.stackName}`], () => {
      resource = f.node(`${id}_resource`, [`Arc gateway ${g.gatewayName}`, `${g.location}, resource group ${g.resourceGroup.name}`, `allowlist: ${count(g.allowlist.length, "host")}`], "hexagon");
      g.machines.forEach((m, mi) => {
        const machine = f.node(`${id}_machine_${mi + 1}`, [`Arc-enabled server ${armName(m.id)}`, ...armPlace(m.id)]);
        f.edge(machine, "-->", resource, g.serverProxyUrl ? `proxy ${g.serverProxyUrl}` : undefined);
      });
      g.clusters.forEach((c, ci) => {
        const cluster = f.node(`${id}_cluster_${ci + 1}`, [`Arc-enabled Kubernetes ${c.clusterName}`, `${c.resourceGroup}, subscription ${c.subscriptionId}`]);
        f.edge(cluster, "-->", resource, c.proxy ? `proxy ${c.proxy.https}` : undefined);
      });
    });
    return [g.name, resource] as const;
  });
  const gatewayIds = new Map(gateways);

  // Arc-enabled Kubernetes clusters whose agents Terraform installs: through a gateway, or the scope's endpoint.
  plan.kubernetes.forEach((k, i) => {
    const c = k.connectivity;
    if (c.type === "gateway") {
      const g = gatewayIds.get(c.gateway) ?? f.node(`kubernetes_${i + 1}_gateway`, [`Arc gateway ${c.gatewayName}`, `resource group ${c.resourceGroupName}`], "hexagon");
      f.edge(k8s[i], "-->", g, "Arc gateway");
    } else {
      const scope = drawn?.arcEndpoint ?? f.node(`kubernetes_${i + 1}_scope`, [`Arc Private Link Scope ${c.scopeName}`, `resource group ${c.resourceGroupName}`], "rounded");
      f.edge(k8s[i], "-->", scope, "private link");
    }
  });
  return f.text();
}

/**
 * `topology.md`: a heading naming the topology (its name and file, as the
 * other side files name it), then the diagram in a ```mermaid block.
 */
export function topologyMarkdown(plan: Plan, source: Source): string {
  return `# Topology ${code(plan.name)} from ${code(source.topologyFile)}\n\n\`\`\`mermaid\n${topologyDiagram(plan)}\n\`\`\`\n`;
}
