/**
 * Suppressions in the topology file (topology/schema.ts,
 * topology/suppressions.ts): the fields' rules with their exact problem
 * lines, the targets (field paths of entries, construct paths starting
 * with a stack), and the construct each entry becomes, which must exist in
 * the stacks the entry builds.
 */
import { readdirSync } from "node:fs";
import { planTopology } from "../../topology/plan";
import { fieldOf, isFieldWithin, targetPaths } from "../../topology/suppressions";
import { TopologyInput } from "../../topology/schema";
import { buildApp, example, EXAMPLES, problemLines, topology, topologyInput } from "../support/synth";

const REASON = "accepted by the platform team";
const SUB = "00000000-0000-0000-0000-000000000000";

/** A topology with every kind of entry a finding can be on. */
const EVERY_ENTRY: Partial<TopologyInput> = {
  subscriptionId: SUB,
  privateLink: {
    monitor: {},
    endpoints: [
      { type: "keyvault", resourceId: `/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.KeyVault/vaults/kv1` },
      { type: "keyvault", resourceId: `/subscriptions/${SUB}/resourceGroups/rg-b/providers/Microsoft.KeyVault/vaults/kv1` },
    ],
  },
  spokes: [
    { name: "app1", addressSpace: ["10.1.0.0/24"] },
    { name: "aks", addressSpace: ["10.2.0.0/23"], subnets: [{ name: "nodes", addressPrefix: "10.2.0.0/24" }, { name: "web.1", addressPrefix: "10.2.1.0/24" }], arcRules: "none" },
  ],
  aksClusters: [{ name: "ops", spoke: "aks", serviceCidr: "10.100.0.0/16" }],
  aksPrivateAccess: [
    {
      name: "partner",
      clusterId: "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-p",
      region: "northeurope",
      privateFqdn: "aks-p-1.abc.privatelink.northeurope.azmk8s.io",
      requestMessage: "Contoso hub endpoint",
      approval: {},
    },
  ],
  kubernetes: { clusters: [{ name: "edge1", serviceCidr: "10.43.0.0/16", chart: { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" } }] },
};

describe("suppressions: the fields", () => {
  const withSuppression = (s: Record<string, unknown>) => problemLines(topologyInput({ suppressions: [s as never] }));

  it("take a known rule, a target and a reason of ten characters or more", () => {
    expect(withSuppression({ rule: "ARC-006", target: "spokes[0]", reason: "0123456789" })).toEqual([]);
    expect(topology({ suppressions: [{ rule: "ARC-006", target: "hub", reason: REASON }] }).suppressions).toEqual([{ rule: "ARC-006", target: "hub", reason: REASON }]);
    expect(topology().suppressions).toEqual([]);
  });

  it("fail when the reason is shorter than ten characters (spaces around it do not count)", () => {
    expect(withSuppression({ rule: "ARC-006", target: "spokes[0]", reason: "   012345678   " })).toEqual([
      'suppressions[0].reason: a suppression says why the finding is accepted, in at least 10 characters; got "   012345678   ". Fix: write the reason (who decided, and why it is safe here)',
    ]);
  });

  it("fail when the rule is not one of the pack's, with the nearest id", () => {
    expect(withSuppression({ rule: "ARC-01", target: "hub", reason: REASON })).toEqual([
      'suppressions[0].rule: is not a rule of the policy pack (ARC-001, ARC-002, ARC-003, ARC-004, ARC-005, ARC-006, ARC-007, ARC-008); got "ARC-01". Fix: did you mean "ARC-001"?',
    ]);
    expect(withSuppression({ rule: "NSG", target: "hub", reason: REASON })[0]).toMatch(/^suppressions\[0\]\.rule: is not a rule of the policy pack .*; got "NSG"\. Fix: name one of them \(README: Policy pack\)$/);
    // An id as near to every rule (ARC-099) gets no guess; another casing gets its rule.
    expect(withSuppression({ rule: "ARC-099", target: "hub", reason: REASON })[0]).toMatch(/; got "ARC-099"\. Fix: name one of them \(README: Policy pack\)$/);
    expect(withSuppression({ rule: "arc-006", target: "hub", reason: REASON })[0]).toMatch(/; got "arc-006"\. Fix: did you mean "ARC-006"\?$/);
  });

  it("fail on unknown fields and on a target with spaces around it", () => {
    expect(withSuppression({ rule: "ARC-006", target: " hub", reason: REASON, until: "2027" })).toEqual([
      'suppressions[0].target: a target has no spaces around it; got " hub". Fix: remove them',
      'suppressions[0].until: unknown field (a typo is never ignored); allowed here: rule, target, reason. Fix: remove it',
    ]);
  });
});

describe("suppressions: the targets", () => {
  const lines = (target: string, extra: Partial<TopologyInput> = {}) => problemLines(topologyInput({ ...extra, suppressions: [{ rule: "ARC-006", target, reason: REASON }] }));

  it("pass for an entry's field path or a list of entries, and for a construct path that starts with a stack", () => {
    for (const target of ["hub", "spokes", "spokes[0]", "privateLink", "contoso-connectivity", "contoso-connectivity/Spoke-app1/Subnet-snet-contoso-app1"]) expect({ target, problems: lines(target) }).toEqual({ target, problems: [] });
    for (const target of ["spokes[1].subnets[1]", "privateLink.endpoints[1]", "privateLink.monitor", "aksClusters[0]", "aksPrivateAccess", "kubernetes.clusters[0]", "contoso-aks-approval-partner"]) {
      expect({ target, problems: lines(target, EVERY_ENTRY) }).toEqual({ target, problems: [] });
    }
  });

  it("fail for a field path that names no entry, suggesting the entry a field belongs to", () => {
    expect(lines("spokes[1]")).toEqual([
      'suppressions[0].target: names no entry of this topology that findings are on (a field path such as resourceGroup, hub, onPremises, privateLink, spokes[0], or a construct path such as contoso-connectivity/...); got "spokes[1]". Fix: did you mean spokes[0]?',
    ]);
    expect(lines("privateLink.publicNetworkAccess")[0]).toMatch(/; got "privateLink\.publicNetworkAccess"\. Fix: did you mean privateLink\?$/);
    expect(lines("aksClusters")[0]).toMatch(/; got "aksClusters"\. Fix: name the entry \(a spoke, privateLink, an AKS cluster, \.\.\.\) or the construct path the finding names$/);
  });

  it("fail for a construct path that starts with no stack of the topology", () => {
    expect(lines("contoso-conectivity/Hub")).toEqual([
      'suppressions[0].target: a construct path starts with the name of one of the topology\'s stacks (contoso-connectivity); got "contoso-conectivity/Hub". Fix: did you mean contoso-connectivity?',
    ]);
  });

  it("fail for the same rule and target twice", () => {
    expect(problemLines(topologyInput({ suppressions: [{ rule: "ARC-006", target: "hub", reason: REASON }, { rule: "ARC-001", target: "hub", reason: REASON }, { rule: "ARC-006", target: "hub", reason: `${REASON}, again` }] }))).toEqual([
      'suppressions[2].target: suppresses ARC-006 on the same target as suppressions[0]; got "hub". Fix: remove the repeat, or merge the reasons',
    ]);
  });
});

describe("the construct of each topology entry", () => {
  const t = topology(EVERY_ENTRY);
  const plan = planTopology(t);

  it("is listed for every entry, parents first, with the plan's endpoint labels", () => {
    expect(plan.policy.constructs.map((c) => `${c.field} ${c.path}`)).toEqual([
      "resourceGroup contoso-connectivity/ResourceGroup",
      "hub contoso-connectivity/Hub",
      "onPremises contoso-connectivity/OnPremises",
      "privateLink contoso-connectivity/Arc",
      "privateLink.monitor contoso-connectivity/Monitor",
      `privateLink.endpoints[0] contoso-connectivity/Endpoint/${plan.hub?.privateLink?.endpoints[0].label}`,
      `privateLink.endpoints[1] contoso-connectivity/Endpoint/${plan.hub?.privateLink?.endpoints[1].label}`,
      "spokes[0] contoso-connectivity/Spoke-app1",
      "spokes[1] contoso-connectivity/Spoke-aks",
      "spokes[1].subnets[0] contoso-connectivity/Spoke-aks/Subnet-nodes",
      "spokes[1].subnets[1] contoso-connectivity/Spoke-aks/Subnet-web.1",
      "aksClusters[0] contoso-connectivity/AksCluster-ops",
      "aksPrivateAccess[0] contoso-connectivity/AksAccess-partner",
      "aksPrivateAccess[0] contoso-aks-approval-partner",
      "kubernetes.clusters[0] contoso-k8s-edge1",
    ]);
    expect(plan.policy.requiredTags).toEqual([]);
  });

  it("exists in the built stacks, for this topology and every example", () => {
    const files = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const [name, tt] of [["every entry", t] as const, ...files.map((f) => [f, example(f)] as const)]) {
      const { app } = buildApp(tt);
      const paths = new Set(app.node.findAll().map((n) => n.node.path));
      const missing = planTopology(tt).policy.constructs.filter((c) => !paths.has(c.path));
      expect({ name, missing }).toEqual({ name, missing: [] });
    }
  });

  it("names a finding by the deepest entry that holds it; a target matches its entries and those below", () => {
    const c = plan.policy.constructs;
    expect(fieldOf("contoso-connectivity/Spoke-aks/Subnet-nodes", c)).toBe("spokes[1].subnets[0]");
    expect(fieldOf("contoso-connectivity/Spoke-aks/SecurityGroup/Resource", c)).toBe("spokes[1]");
    expect(fieldOf("contoso-connectivity/Spoke-aksx", c)).toBeUndefined();
    expect(fieldOf("contoso-connectivity/Zone/privatelink.his.arc.azure.com", c)).toBeUndefined();
    expect(fieldOf("contoso-aks-approval-partner/Approval/Approve", c)).toBe("aksPrivateAccess[0]");
    const stacks = ["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-edge1"];
    expect(targetPaths("spokes[1]", c, stacks)).toEqual(["contoso-connectivity/Spoke-aks", "contoso-connectivity/Spoke-aks/Subnet-nodes", "contoso-connectivity/Spoke-aks/Subnet-web.1"]);
    expect(targetPaths("aksPrivateAccess", c, stacks)).toEqual(["contoso-connectivity/AksAccess-partner", "contoso-aks-approval-partner"]);
    expect(targetPaths("contoso-k8s-edge1", c, stacks)).toEqual(["contoso-k8s-edge1"]);
    expect(targetPaths("contoso-connectivity/Zone", c, stacks)).toEqual(["contoso-connectivity/Zone"]);
    expect([["spokes", "spokes[1]"], ["spokes[1]", "spokes[10]"], ["spokes[1]", "spokes[1].subnets[0]"], ["privateLink", "privateLinks"]].map(([a, f]) => isFieldWithin(a, f))).toEqual([true, false, true, false]);
  });

  it("carries the topology's tag names and suppressions into the plan", () => {
    const p = planTopology(topology({ tags: { owner: "platform", "cost center": "4711" }, suppressions: [{ rule: "ARC-006", target: "hub", reason: REASON }] }));
    expect(p.policy.requiredTags).toEqual(["owner", "cost center"]);
    expect(p.policy.suppressions).toEqual([{ rule: "ARC-006", target: "hub", reason: REASON }]);
  });
});
