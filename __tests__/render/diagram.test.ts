/**
 * The picture of the topology (render/diagram.ts): a small topology's
 * diagram written out; every example's diagram well formed (read by
 * support/mermaid.ts, which refuses undeclared edge ends, repeated ids and
 * unescaped labels) and showing what its plan holds; names Mermaid could
 * read as syntax; `arc-connectivity diagram` against `synth`'s
 * topology.md; and the README's picture against the command.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { run } from "../../cli";
import { topologyDiagram, topologyMarkdown, mermaidText } from "../../render/diagram";
import { validateTopology } from "../../topology/load";
import { Plan, planTopology } from "../../topology/plan";
import { validTopology } from "../support/arbitraries";
import { decodeLabel, Flowchart, mermaidBlocks, parseFlowchart } from "../support/mermaid";
import { EXAMPLES, example, topology } from "../support/synth";

const ROOT = join(__dirname, "..", "..");
const EXAMPLE_FILES = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f)).sort();

/** The labels of a chart's nodes and edges, each a line of text. */
const labels = (c: Flowchart) => [...[...c.nodes.values()].flatMap((n) => n.lines), ...c.edges.flatMap((e) => (e.label === undefined ? [] : [e.label]))];
/** The node whose label's first line is `first`. */
const nodeNamed = (c: Flowchart, first: string) => [...c.nodes.values()].find((n) => n.lines[0] === first);
const edgesBetween = (c: Flowchart, from: string, to: string) => c.edges.filter((e) => e.from === from && e.to === to);

describe("a small topology's diagram", () => {
  test("written out: on-premises, the VPN, the hub with its resolver and the Arc scope's endpoint, zones, one spoke", () => {
    expect(topologyDiagram(planTopology(topology()))).toBe(
      [
        "flowchart LR",
        '  subgraph premises["On-premises"]',
        '    premises_network["On-premises networks<br/>172.16.0.0/16"]',
        '    premises_dns["DNS servers<br/>conditional forwarders:<br/>his.arc.azure.com<br/>guestconfiguration.azure.com<br/>dp.kubernetesconfiguration.azure.com"]',
        "  end",
        '  subgraph hub["Hub contoso, westeurope<br/>stack contoso-connectivity, resource group rg-contoso-connectivity"]',
        '    hub_network["Hub network<br/>10.0.0.0/22<br/>endpoint subnet 10.0.0.0/26"]',
        '    hub_gateway{{"VPN gateway"}}',
        '    resolver["DNS Private Resolver<br/>inbound 10.0.0.100"]',
        '    endpoint_arc["Private endpoint<br/>Arc Private Link Scope pls-contoso-arc<br/>public network access off"]',
        "  end",
        '  subgraph zones["Private DNS zones, created here and linked to the hub"]',
        '    zone_1[("privatelink.his.arc.azure.com")]',
        '    zone_2[("privatelink.guestconfiguration.azure.com")]',
        '    zone_3[("privatelink.dp.kubernetesconfiguration.azure.com")]',
        "  end",
        '  subgraph spoke_1["Spoke app1"]',
        '    spoke_1_network["10.1.0.0/24<br/>NSG nsg-contoso-app1: Arc NSG rules for servers<br/>DNS: the hub resolver"]',
        "  end",
        '  connection{{"Site-to-site VPN<br/>on-premises device 203.0.113.10"}}',
        "  premises_network <--> connection",
        "  connection <--> hub_gateway",
        "  hub_gateway <--> hub_network",
        '  premises_network -->|"Arc agents"| endpoint_arc',
        '  resolver -.->|"answers from"| zones',
        '  hub_network <-->|"peering"| spoke_1_network',
        '  spoke_1_network -.->|"DNS"| resolver',
        "  endpoint_arc -.-> zone_1",
        "  endpoint_arc -.-> zone_2",
        "  endpoint_arc -.-> zone_3",
        '  premises_dns -.->|"conditional forwarding"| resolver',
      ].join("\n"),
    );
  });

  test("a gateway topology, written out: each gateway with its machines and clusters, a cluster through a gateway", () => {
    const sub = "00000000-0000-0000-0000-000000000000";
    const t = validateTopology({
      name: "edge",
      location: "eastus",
      backend: { type: "local" },
      arcGateways: [
        {
          name: "east",
          machines: [`/subscriptions/${sub}/resourceGroups/rg-servers/providers/Microsoft.HybridCompute/machines/web01`],
          serverProxy: { url: "http://proxy.contoso.com:3128" },
          clusters: [{ id: `/subscriptions/${sub}/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/edge01`, serviceCidr: "10.96.0.0/12" }],
        },
      ],
      kubernetes: {
        clusters: [{ name: "store1", serviceCidr: "10.43.0.0/16", gateway: "east", connection: { type: "token" }, chart: { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" } }],
      },
    });
    const p = planTopology(t);
    expect(topologyDiagram(p)).toBe(
      [
        "flowchart LR",
        '  subgraph premises["On-premises"]',
        '    kubernetes_1["Arc-enabled Kubernetes store1<br/>generic on generic<br/>stack edge-k8s-store1"]',
        "  end",
        '  subgraph gateway_1["Arc gateway east<br/>stack edge-gateway-east"]',
        `    gateway_1_resource{{"Arc gateway arcgw-edge-east<br/>eastus, resource group rg-edge-arcgw-east<br/>allowlist: ${p.gateways[0].allowlist.length} hosts"}}`,
        `    gateway_1_machine_1["Arc-enabled server web01<br/>rg-servers, subscription ${sub}"]`,
        `    gateway_1_cluster_1["Arc-enabled Kubernetes edge01<br/>rg-k8s, subscription ${sub}"]`,
        "  end",
        '  gateway_1_machine_1 -->|"proxy http://proxy.contoso.com:3128"| gateway_1_resource',
        "  gateway_1_cluster_1 --> gateway_1_resource",
        '  kubernetes_1 -->|"Arc gateway"| gateway_1_resource',
      ].join("\n"),
    );
  });

  test("the same plan always gives the same text", () => {
    const p = planTopology(example("private-link.yaml"));
    expect(topologyDiagram(p)).toBe(topologyDiagram(planTopology(example("private-link.yaml"))));
    expect(topologyMarkdown(p, { topologyFile: "examples/private-link.yaml" })).toBe(`# Topology \`contoso\` from \`examples/private-link.yaml\`\n\n\`\`\`mermaid\n${topologyDiagram(p)}\n\`\`\`\n`);
  });
});

describe.each(EXAMPLE_FILES)("the diagram of examples/%s", (file) => {
  const p = planTopology(example(file));
  const chart = parseFlowchart(topologyDiagram(p));
  const text = labels(chart);

  test("is well formed (every edge's ends declared, ids unique and safe, labels escaped)", () => {
    expect(chart.direction).toBe("LR");
    expect(chart.nodes.size).toBeGreaterThan(0);
  });

  test("shows the hub, its connection, endpoints, zones, forwarders and spokes with their peerings", () => {
    const hub = p.hub;
    if (!hub) return expect(chart.nodes.has("hub")).toBe(false);
    expect(chart.nodes.get("hub_network")?.lines).toContain(hub.hub.addressSpace.join(", "));
    if (hub.onPremises) {
      expect(chart.nodes.get("connection")?.lines[0]).toBe(hub.onPremises.vpn ? "Site-to-site VPN" : "ExpressRoute");
      expect(edgesBetween(chart, "premises_network", "connection")).toHaveLength(1);
    }
    if (hub.hub.dnsResolver) {
      const outbound = hub.dns.toOnPremises ? [`outbound ${hub.dns.toOnPremises.outboundSubnet}`] : [];
      expect(chart.nodes.get("resolver")?.lines).toEqual(["DNS Private Resolver", `inbound ${hub.hub.resolverInboundIp}`, ...outbound]);
      // Azure to on-premises: the ruleset's domains on an edge from the resolver to the on-premises DNS servers.
      if (hub.dns.toOnPremises) expect(edgesBetween(chart, "resolver", "premises_dns")).toHaveLength(1);
    }
    // Every zone once, and every endpoint linked to each of its zones.
    const zoneIds = new Map([...chart.nodes.values()].filter((n) => n.parents.includes("zones")).map((n) => [n.lines[0], n.id]));
    expect([...zoneIds.keys()].sort()).toEqual([...hub.dns.zones].sort());
    const endpoints: Array<[string, readonly string[]]> = [
      ...(hub.privateLink ? [["endpoint_arc", hub.privateLink.zones] as [string, readonly string[]]] : []),
      ...(hub.privateLink?.monitor ? [["endpoint_monitor", hub.privateLink.monitor.zones] as [string, readonly string[]]] : []),
      ...(hub.privateLink?.endpoints ?? []).map((e, i) => [`endpoint_${i + 1}`, e.zones] as [string, readonly string[]]),
      ...hub.aksEndpoints.map((a, i) => [`aks_endpoint_${i + 1}`, [a.zoneName]] as [string, readonly string[]]),
    ];
    for (const [id, zones] of endpoints) {
      expect(chart.nodes.get(id)?.parents).toEqual(["hub"]);
      for (const z of zones) expect(edgesBetween(chart, id, zoneIds.get(z) as string)).toHaveLength(1);
    }
    // Forwarders: each zone on-premises forwards, and the forwarding edge to the resolver.
    if (hub.hub.dnsResolver && hub.dns.forwarderZones.length > 0) {
      // "DNS servers", their addresses when Azure forwards to them, "conditional forwarders:", then the zones.
      const servers = hub.dns.toOnPremises ? [hub.dns.toOnPremises.servers.join(", ")] : [];
      expect(chart.nodes.get("premises_dns")?.lines).toEqual(["DNS servers", ...servers, "conditional forwarders:", ...hub.dns.forwarderZones]);
      expect(edgesBetween(chart, "premises_dns", "resolver")[0]?.label).toBe("conditional forwarding");
    }
    hub.spokes.forEach((s, i) => {
      expect(chart.nodes.get(`spoke_${i + 1}`)?.lines).toEqual([`Spoke ${s.name}`]);
      expect(edgesBetween(chart, "hub_network", `spoke_${i + 1}_network`)[0]?.label).toBe("peering");
    });
    hub.aksClusters.forEach((c) => expect(nodeNamed(chart, `Private AKS cluster ${c.name}`)?.parents).toEqual([`spoke_${hub.spokes.findIndex((s) => s.name === c.spoke) + 1}`]));
  });

  test("shows each gateway with its machines and clusters, and each Arc-enabled Kubernetes cluster's way in", () => {
    p.gateways.forEach((g, gi) => {
      const id = `gateway_${gi + 1}`;
      expect(chart.nodes.get(`${id}_resource`)?.lines[0]).toBe(`Arc gateway ${g.gatewayName}`);
      g.machines.forEach((_, mi) => expect(edgesBetween(chart, `${id}_machine_${mi + 1}`, `${id}_resource`)).toHaveLength(1));
      g.clusters.forEach((c, ci) => {
        expect(chart.nodes.get(`${id}_cluster_${ci + 1}`)?.lines[0]).toBe(`Arc-enabled Kubernetes ${c.clusterName}`);
        expect(edgesBetween(chart, `${id}_cluster_${ci + 1}`, `${id}_resource`)).toHaveLength(1);
      });
    });
    p.kubernetes.forEach((k, i) => {
      const id = `kubernetes_${i + 1}`;
      expect(chart.nodes.get(id)?.parents).toEqual(["premises"]);
      const [edge, ...more] = chart.edges.filter((e) => e.from === id);
      expect(more).toEqual([]);
      if (k.connectivity.type === "gateway") expect(edge).toEqual({ from: id, arrow: "-->", to: `gateway_${p.gateways.findIndex((g) => g.name === (k.connectivity as { gateway: string }).gateway) + 1}_resource`, label: "Arc gateway" });
      else expect(edge).toEqual({ from: id, arrow: "-->", to: "endpoint_arc", label: "private link" });
    });
    expect(text.length).toBeGreaterThan(0);
  });
});

describe("the default topology's AKS parts", () => {
  const p = planTopology(example("private-link.yaml"));
  const chart = parseFlowchart(topologyDiagram(p));

  test("the endpoint to the partner's API server reaches that cluster, approved in its approval stack", () => {
    expect(chart.nodes.get("aks_remote_1")).toMatchObject({ shape: "rounded", lines: ["AKS cluster aks-partner", "rg-partner-aks, subscription 11111111-1111-1111-1111-111111111111", "northeurope"], parents: [] });
    expect(edgesBetween(chart, "aks_endpoint_1", "aks_remote_1")).toEqual([{ from: "aks_endpoint_1", arrow: "-->", to: "aks_remote_1", label: "private link, approved in stack contoso-aks-approval-partner" }]);
  });

  test("the cluster in the aks spoke writes its API server record into the hub's custom zone", () => {
    const zone = [...chart.nodes.values()].find((n) => n.lines[0] === "privatelink.westeurope.azmk8s.io")?.id as string;
    expect(edgesBetween(chart, "aks_1", zone)).toEqual([{ from: "aks_1", arrow: "-.->", to: zone, label: "API server record" }]);
  });

  test("an endpoint to a cluster of the same topology reaches that cluster's node, not one elsewhere", () => {
    const hub = p.hub as NonNullable<Plan["hub"]>;
    const own = `/subscriptions/${hub.subscriptionId}/resourceGroups/${hub.resourceGroup.name.toUpperCase()}/providers/Microsoft.ContainerService/managedClusters/${hub.aksClusters[0].clusterName}`;
    const plan: Plan = { ...p, approvals: [], hub: { ...hub, aksEndpoints: [{ ...hub.aksEndpoints[0], clusterId: own, manualApproval: undefined }] } };
    const c = parseFlowchart(topologyDiagram(plan));
    expect(c.nodes.has("aks_remote_1")).toBe(false);
    expect(edgesBetween(c, "aks_endpoint_1", "aks_1")[0]?.label).toBe("private link, approved automatically");
  });
});

/** Text Mermaid could read as syntax, HTML, an entity, a comment or a keyword, and text it must show as it is. */
const ODD = ' "q" [b] {c} (p) <i>x</i> &amp; #35; a|b ; %% `t` \\ end graph subgraph --> -.- Zürich 東京 🚀\tz\nnext\u2028';

/** The plan with `suffix` appended to every free string (names, ids, addresses, zones), keeping what is an enum; the same suffix keeps every cross-reference (a cluster's spoke, a zone's name) matching. */
function withSuffix(value: unknown, suffix: string, key = ""): unknown {
  const ENUMS = new Set(["type", "mode", "dns", "arcRules", "privateDnsZone", "ingestionAccessMode", "queryAccessMode", "for", "scenarios", "resourceProviders"]);
  if (typeof value === "string") return ENUMS.has(key) ? value : `${value}${suffix}`;
  if (Array.isArray(value)) return value.map((v) => withSuffix(v, suffix, key));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSuffix(v, suffix, k)]));
  return value;
}

describe("names Mermaid could read as syntax", () => {
  test("mermaidText writes every special character as an entity code and keeps the rest", () => {
    expect(mermaidText('a"b#c<d>e[f]g{h}i|j;k%l&m`n\\o\np')).toBe("a#34;b#35;c#60;d#62;e#91;f#93;g#123;h#125;i#124;j#59;k#37;l#38;m#96;n#92;o#10;p");
    expect(mermaidText("end graph Zürich 東京 🚀 (x) a-b/c.d:e,f=g")).toBe("end graph Zürich 東京 🚀 (x) a-b/c.d:e,f=g");
    expect(decodeLabel(mermaidText(ODD), "ODD")).toBe(ODD);
  });

  test.each(EXAMPLE_FILES)("every name of examples/%s with quotes, brackets, unicode, keywords and line breaks appended: well formed, each label shows the name as it is", (file) => {
    const p = planTopology(example(file));
    const odd = withSuffix(p, ODD) as Plan;
    const chart = parseFlowchart(topologyDiagram(odd));
    const shown = labels(chart);
    // The same ids as without the odd names: ids never come from names.
    expect([...chart.nodes.keys()]).toEqual([...parseFlowchart(topologyDiagram(p)).nodes.keys()]);
    for (const name of [...(odd.hub ? [`Hub ${odd.hub.hub.name}`] : []), ...(odd.hub?.spokes ?? []).map((s) => `Spoke ${s.name}`), ...(odd.hub?.dns.zones ?? []), ...odd.kubernetes.map((k) => `Arc-enabled Kubernetes ${k.name}`), ...odd.gateways.flatMap((g) => [`Arc gateway ${g.name}`, `stack ${g.stackName}`])]) {
      expect(shown.some((l) => l.includes(name))).toBe(true);
    }
  });

  test.each([["end"], ["graph"], ["subgraph"], ["flowchart"], ['"'], ["[x]"], ["a-->b"], ["o"], ["x"], ["default"], ["%%"]])("a spoke, an AKS cluster and a Kubernetes cluster named %j", (name) => {
    const p = planTopology(example("private-link.yaml"));
    const hub = p.hub as NonNullable<Plan["hub"]>;
    const plan: Plan = {
      ...p,
      hub: { ...hub, spokes: hub.spokes.map((s) => ({ ...s, name: s.name === "aks" ? name : s.name })), aksClusters: hub.aksClusters.map((c) => ({ ...c, name, spoke: name })) },
      kubernetes: p.kubernetes.map((k) => ({ ...k, name })),
    };
    const chart = parseFlowchart(topologyDiagram(plan));
    expect(chart.nodes.get("spoke_4")?.lines).toEqual([`Spoke ${name}`]);
    expect(chart.nodes.get("aks_1")?.lines[0]).toBe(`Private AKS cluster ${name}`);
    expect(chart.nodes.get("aks_1")?.parents).toEqual(["spoke_4"]);
    expect(chart.nodes.get("kubernetes_1")?.lines[0]).toBe(`Arc-enabled Kubernetes ${name}`);
  });

  test("the Markdown heading keeps an odd topology file name in one code span", () => {
    const md = topologyMarkdown(planTopology(topology()), { topologyFile: "my `odd` # <file>\n.yaml" });
    expect(md.split("\n")[0]).toBe("# Topology `contoso` from ``my `odd` # <file>\\n.yaml``");
    expect(mermaidBlocks(md)).toHaveLength(1);
  });
});

describe("generated topologies", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "arc-diagram-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("every diagram is well formed", () => {
    const files = { certificates: [join(EXAMPLES, "contoso-proxy-ca.pem")] };
    fc.assert(
      fc.property(validTopology(files), (input) => {
        parseFlowchart(topologyDiagram(planTopology(validateTopology(input, { baseDir: dir }))));
      }),
      { numRuns: 200 },
    );
  });
});

/** `arc-connectivity <args>` in this process, in `cwd`. */
function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env };
  for (const k of ["INIT_CWD", "npm_package_json", "ARC_TOPOLOGY", "CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT"]) delete env[k];
  const status = run(args, { env, io: { out: (t) => void out.push(t), err: (t) => void err.push(t) }, version: "0.0.0", defaultTopology: join(ROOT, "examples", "private-link.yaml"), cwd });
  return { status, stdout: out.join(""), stderr: err.join("") };
}

describe("arc-connectivity diagram", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "arc-diagram-cli-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("prints what synth writes to topology.md, for the default topology", () => {
    const printed = cli(["diagram"], dir);
    expect(printed).toMatchObject({ status: 0, stderr: "" });
    expect(cli(["synth", "--quiet"], dir).status).toBe(0);
    expect(printed.stdout).toBe(readFileSync(join(dir, "cdktf.out", "topology.md"), "utf8"));
    expect(mermaidBlocks(printed.stdout).map(parseFlowchart)).toHaveLength(1);
  });

  test.each(EXAMPLE_FILES)("prints what synth writes to topology.md, for examples/%s named on the command line", (file) => {
    const topologyFile = join(EXAMPLES, file);
    const printed = cli(["diagram", topologyFile], dir);
    expect(printed.status).toBe(0);
    expect(cli(["synth", topologyFile, "--quiet"], dir).status).toBe(0);
    expect(printed.stdout).toBe(readFileSync(join(dir, "cdktf.out", "topology.md"), "utf8"));
  });

  test("an invalid topology is one line per problem and exit 1; a missing file too; nothing on stdout", () => {
    const missing = cli(["diagram", "nope.yaml"], dir);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/nope\.yaml/);
    expect(cli(["diagram", "a", "b"], dir).status).toBe(2);
  });
});

describe("existing servers (privateLink.machines) and their proxy", () => {
  const MACHINE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01";
  const lines = (privateLink: Record<string, unknown>) => topologyDiagram(planTopology(topology({ privateLink }))).split("\n");

  it("draws each server on-premises with an edge to the scope's endpoint, naming the proxy and whether Arc bypasses it", () => {
    const withBypass = lines({ machines: [{ id: MACHINE }], serverProxy: { url: "http://proxy:3128" } });
    expect(withBypass).toContain('    server_1["Arc-enabled server web01<br/>rg-arc, subscription 00000000-0000-0000-0000-000000000000<br/>associated with the scope"]');
    expect(withBypass).toContain('  server_1 -->|"private link, public route via proxy http://proxy:3128"| endpoint_arc');
    expect(lines({ machines: [{ id: MACHINE }], serverProxy: { url: "http://proxy:3128", bypassArc: false } })).toContain('  server_1 -->|"private link, public route via proxy http://proxy:3128 (Arc too)"| endpoint_arc');
    expect(lines({ machines: [{ id: MACHINE }] })).toContain('  server_1 -->|"private link"| endpoint_arc');
  });

  it("names the scope's region on its endpoint when it is not the hub's", () => {
    expect(lines({ location: "eastus" })).toContain('    endpoint_arc["Private endpoint<br/>Arc Private Link Scope pls-contoso-arc (in eastus)<br/>public network access off"]');
    expect(lines({})).toContain('    endpoint_arc["Private endpoint<br/>Arc Private Link Scope pls-contoso-arc<br/>public network access off"]');
  });

  it("draws no server without machines", () => {
    expect(lines({ serverProxy: { url: "http://proxy:3128" } }).filter((l) => l.includes("server_"))).toEqual([]);
  });
});

describe("README", () => {
  test('"The topology, as a picture" shows what arc-connectivity diagram prints for the default topology', () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.split(/^## /m).find((s) => s.startsWith("The topology, as a picture\n"));
    expect(section).toBeDefined();
    const printed = cli(["diagram"], ROOT);
    expect(printed.status).toBe(0);
    // The command's picture, block for block: update the README's with `node bin/arc-connectivity.js diagram`.
    expect(mermaidBlocks(section as string)).toEqual(mermaidBlocks(printed.stdout));
  });
});
