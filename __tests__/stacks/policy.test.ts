/**
 * The policy pack in the app (stacks/policy.ts, main.ts): the findings on
 * every shipped example (none stands; the warnings they accept are
 * suppressed with reasons), findings named by the topology's field paths,
 * suppressions by field path and construct path, unused suppressions; and
 * through the command line in-process (`run`, as __tests__/cli.test.ts):
 * errors fail `synth` and `validate` with the problem lines, on stderr
 * before every warning, each with its rule id; warnings printed once,
 * grouped by rule; nothing written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { run } from "../../cli";
import { ArcConnectivityError } from "../../lib/core";
import { buildStacks, validateApp } from "../../stacks/app";
import { runPolicy } from "../../stacks/policy";
import { planTopology } from "../../topology/plan";
import { Topology, TopologyInput } from "../../topology/schema";
import { example, EXAMPLES, topology, topologyInput } from "../support/synth";

const REASON = "accepted by the platform team";
const ROOT = join(__dirname, "..", "..");

/** The pack's outcome on a topology, built as the app builds it. */
function policyOfTopology(t: Topology) {
  const plan = planTopology(t);
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "arc-policy-")), skipValidation: true });
  buildStacks(app, plan);
  validateApp(app);
  return runPolicy(app, plan);
}

/** The pack's outcome on the small test topology with `overrides`. */
const policyOf = (overrides: Partial<TopologyInput>) => policyOfTopology(topology(overrides));

/** `rule field-or-path` of findings. */
const named = (findings: ReadonlyArray<{ rule: { id: string }; path: string }>) => findings.map((f) => `${f.rule.id} ${f.path}`);

describe("the shipped examples", () => {
  const files = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f)).sort();

  it("synthesize without errors or warnings of the pack: what they accept is suppressed, with a reason", () => {
    const summary = Object.fromEntries(
      files.map((f) => {
        const o = policyOfTopology(example(f));
        return [f, { errors: o.errors, warnings: o.warnings, suppressed: named(o.report.suppressed) }];
      }),
    );
    expect(summary).toEqual({
      "arc-gateway.yaml": { errors: [], warnings: [], suppressed: [] },
      "expressroute-cloud.yaml": {
        errors: [],
        warnings: [],
        suppressed: ["ARC-006 fabrikam-connectivity/Hub/EndpointSubnet", "ARC-006 fabrikam-connectivity/Hub/ResolverInboundSubnet", "ARC-006 fabrikam-connectivity/Hub/ResolverOutboundSubnet"],
      },
      "policy-dns.yaml": {
        errors: [],
        warnings: [],
        suppressed: ["ARC-006 northwind-connectivity/Hub/EndpointSubnet", "ARC-006 northwind-connectivity/Hub/ResolverInboundSubnet", "ARC-006 northwind-connectivity/Hub/ResolverOutboundSubnet"],
      },
      "private-link.yaml": {
        errors: [],
        warnings: [],
        suppressed: [
          "ARC-006 contoso-connectivity/Hub/EndpointSubnet",
          "ARC-006 contoso-connectivity/Hub/ResolverInboundSubnet",
          "ARC-006 contoso-connectivity/Hub/ResolverOutboundSubnet",
          "ARC-006 contoso-connectivity/Spoke-tools/Subnet-snet-contoso-tools",
          "ARC-006 contoso-connectivity/Spoke-aks/Subnet-nodes",
        ],
      },
    });
  });

  it("state every suppression's reason, and use every one", () => {
    for (const f of files) {
      const t = example(f);
      for (const s of t.suppressions) expect(s.reason.trim().length).toBeGreaterThanOrEqual(10);
      expect({ f, unused: policyOfTopology(t).report.unusedSuppressions }).toEqual({ f, unused: [] });
    }
  });
});

describe("findings in the app", () => {
  it("an error names the topology entry's field path, its construct, the rule id, the fix and how to suppress it", () => {
    const o = policyOf({ privateLink: { publicNetworkAccess: true, monitor: { ingestionAccessMode: "Open" } } });
    expect(o.errors).toEqual([
      {
        path: "privateLink",
        message:
          "ARC-001 public_network_access_enabled is true on the Arc Private Link Scope (contoso-connectivity/Arc/Resource): private link is the only route the topology means Arc and Monitor traffic to take; public access lets it leave by the internet; got true. Fix: set privateLink.publicNetworkAccess: false and the monitor access modes to PrivateOnly (public_network_access_enabled = false, ingestion/query_access_mode = PrivateOnly); or, if it is meant, suppress it: suppressions: [{ rule: ARC-001, target: privateLink, reason: <why> }]",
      },
      {
        path: "privateLink.monitor",
        message:
          'ARC-001 ingestion_access_mode is Open on the Azure Monitor Private Link Scope (contoso-connectivity/Monitor/Resource): private link is the only route the topology means Arc and Monitor traffic to take; public access lets it leave by the internet; got "Open". Fix: set privateLink.publicNetworkAccess: false and the monitor access modes to PrivateOnly (public_network_access_enabled = false, ingestion/query_access_mode = PrivateOnly); or, if it is meant, suppress it: suppressions: [{ rule: ARC-001, target: privateLink.monitor, reason: <why> }]',
      },
    ]);
  });

  it("warnings print grouped by rule: one header per rule, one line per finding with its field path and construct path", () => {
    const o = policyOf({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], arcRules: "none" }], aksClusters: [{ name: "ops", spoke: "app1", publicFqdn: true, serviceCidr: "10.100.0.0/16" }] });
    expect(o.errors).toEqual([]);
    expect(o.warnings).toEqual([
      "Warning: ARC-005 a private AKS cluster with a public FQDN or local accounts (1): a public FQDN publishes the API server's private address in public DNS, and a local account is a credential that bypasses Entra ID. Fix: set publicFqdn: false with a private DNS zone (custom or System), and keep local accounts disabled (local_account_disabled = true); or suppress it: suppressions: [{ rule: ARC-005, target, reason }]",
      "  aksClusters[0] (contoso-connectivity/AksCluster-ops/Resource): private_cluster_public_fqdn_enabled is true: the API server has a public FQDN",
      "Warning: ARC-006 a subnet without an NSG where Azure allows one (4): without a network security group nothing filters the subnet's traffic, and Azure's default rules allow all of the virtual network and outbound internet. Fix: attach an NSG: arcRules servers or kubernetes on a spoke (ArcNetworkSecurityGroup.associate in code); or suppress it: suppressions: [{ rule: ARC-006, target, reason }]",
      "  hub (contoso-connectivity/Hub/EndpointSubnet): subnet snet-contoso-endpoints has no network security group",
      "  hub (contoso-connectivity/Hub/ResolverInboundSubnet): subnet snet-contoso-dns-inbound has no network security group",
      "  hub (contoso-connectivity/Hub/ResolverOutboundSubnet): subnet snet-contoso-dns-outbound has no network security group",
      "  spokes[0] (contoso-connectivity/Spoke-app1/Subnet-snet-contoso-app1): subnet snet-contoso-app1 has no network security group",
    ]);
  });

  it("a field-path suppression accepts the entry's findings and those below it, not a sibling's; a construct path its own and below", () => {
    const spokes = [
      { name: "a", addressSpace: ["10.1.0.0/24"], arcRules: "none" as const, subnets: [{ name: "x", addressPrefix: "10.1.0.0/25" }, { name: "y", addressPrefix: "10.1.0.128/25" }] },
      { name: "a1", addressSpace: ["10.2.0.0/24"], arcRules: "none" as const },
    ];
    const o = policyOf({
      spokes,
      suppressions: [
        { rule: "ARC-006", target: "spokes[0]", reason: REASON },
        { rule: "ARC-006", target: "contoso-connectivity/Hub", reason: REASON },
      ],
    });
    expect(named(o.report.findings)).toEqual(["ARC-006 contoso-connectivity/Spoke-a1/Subnet-snet-contoso-a1"]);
    expect(named(o.report.suppressed)).toEqual([
      "ARC-006 contoso-connectivity/Hub/EndpointSubnet",
      "ARC-006 contoso-connectivity/Hub/ResolverInboundSubnet",
      "ARC-006 contoso-connectivity/Hub/ResolverOutboundSubnet",
      "ARC-006 contoso-connectivity/Spoke-a/Subnet-x",
      "ARC-006 contoso-connectivity/Spoke-a/Subnet-y",
    ]);
    const narrow = policyOf({ spokes, suppressions: [{ rule: "ARC-006", target: "spokes[0].subnets[1]", reason: REASON }] });
    expect(named(narrow.report.suppressed)).toEqual(["ARC-006 contoso-connectivity/Spoke-a/Subnet-y"]);
  });

  it("a suppression that accepts nothing is a warning, after the rules' warnings", () => {
    const o = policyOf({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], arcRules: "none" }], suppressions: [{ rule: "ARC-006", target: "hub", reason: REASON }, { rule: "ARC-001", target: "privateLink", reason: REASON }] });
    expect(o.warnings).toEqual([
      "Warning: ARC-006 a subnet without an NSG where Azure allows one (1): without a network security group nothing filters the subnet's traffic, and Azure's default rules allow all of the virtual network and outbound internet. Fix: attach an NSG: arcRules servers or kubernetes on a spoke (ArcNetworkSecurityGroup.associate in code); or suppress it: suppressions: [{ rule: ARC-006, target, reason }]",
      "  spokes[0] (contoso-connectivity/Spoke-app1/Subnet-snet-contoso-app1): subnet snet-contoso-app1 has no network security group",
      "Warning: suppressions[1]: suppresses ARC-001 on privateLink, and no finding of ARC-001 is there. Fix: remove it, or correct its rule or target",
    ]);
  });

  it("a construct-path target must name a construct of the stacks", () => {
    expect(() => policyOf({ suppressions: [{ rule: "ARC-006", target: "contoso-connectivity/Spoke-app2", reason: REASON }] })).toThrow(ArcConnectivityError);
    try {
      policyOf({ suppressions: [{ rule: "ARC-006", target: "contoso-connectivity/Spoke-app2", reason: REASON }] });
    } catch (e) {
      expect((e as ArcConnectivityError).problems).toEqual([
        { path: "suppressions[0].target", message: 'names no construct of the stacks; got "contoso-connectivity/Spoke-app2". Fix: copy the construct path from the finding\'s message, or use the field path of the topology entry' },
      ]);
    }
  });
});

describe("the command line", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "arc-policy-cli-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = run(args, { env: {}, io: { out: (t) => void out.push(t), err: (t) => void err.push(t) }, version: "0.0.0", defaultTopology: join(ROOT, "examples", "private-link.yaml"), cwd: dir });
    return { status, stdout: out.join(""), stderr: err.join("") };
  }

  /** A topology with an error (public access), a topology warning (no his code for swedencentral), pack warnings and an unused suppression. */
  const broken = {
    ...topologyInput({ location: "swedencentral", privateLink: { publicNetworkAccess: true } }),
    suppressions: [{ rule: "ARC-005", target: "hub", reason: REASON }],
  };

  it.each(["synth", "validate"])("%s: errors first, each with its rule id, then every warning once; exit 1, nothing written", (command) => {
    writeFileSync(join(dir, "t.json"), JSON.stringify(broken));
    const r = cli([command, "t.json", "--out", "out"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n").filter(Boolean);
    expect(lines.map((l) => l.slice(0, 50))).toEqual([
      "Topology t.json is not valid:",
      "  privateLink: ARC-001 public_network_access_enabl",
      "Warning: privateLink.hisRegionCode: no public sour",
      "Warning: ARC-006 a subnet without an NSG where Azu",
      "  hub (contoso-connectivity/Hub/EndpointSubnet): s",
      "  hub (contoso-connectivity/Hub/ResolverInboundSub",
      "  hub (contoso-connectivity/Hub/ResolverOutboundSu",
      "Warning: suppressions[0]: suppresses ARC-005 on hu",
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("synth: a suppressed error passes; the warnings print once, grouped, and the stacks are written", () => {
    const accepted = { ...broken, suppressions: [{ rule: "ARC-001", target: "privateLink", reason: "Machines outside the VPN onboard over the internet until the circuit is up" }, { rule: "ARC-006", target: "contoso-connectivity", reason: REASON }] };
    writeFileSync(join(dir, "t.yaml"), JSON.stringify(accepted));
    const r = cli(["synth", "t.yaml", "--out", "out", "--quiet"]);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: "" });
    expect(r.stderr.split("\n").filter(Boolean).map((l) => l.slice(0, 50))).toEqual(["Warning: privateLink.hisRegionCode: no public sour"]);
    const tf = JSON.parse(readFileSync(join(dir, "out", "stacks", "contoso-connectivity", "cdk.tf.json"), "utf8"));
    expect(Object.values(tf.resource.azurerm_arc_private_link_scope).map((s: any) => s.public_network_access_enabled)).toEqual([true]);
  });

  it("validate: the default topology is valid and quiet", () => {
    const r = cli(["validate"]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });
});
