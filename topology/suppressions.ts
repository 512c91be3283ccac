/**
 * The policy pack's view of a topology: which construct each entry of the
 * file becomes (so a finding on a construct has the field path of the
 * entry it came from, and a suppression can name either), and the checks
 * of the `suppressions` list.
 *
 * A finding is on a construct path (`contoso-connectivity/Spoke-tools/
 * Subnet-snet-contoso-tools`). Its field path is that of the deepest entry
 * whose construct holds it (`spokes[2]`); a finding on a construct that no
 * entry makes (the DNS zones, a stack's provider) has none and is named by
 * its construct path alone. A suppression's `target` is a field path
 * (matching findings of that entry and of the entries below it: `spokes`
 * matches every spoke, `spokes[1]` its subnets too) or a construct path
 * (matching findings on it and below it).
 */
import { problem, Problem, suggest } from "../lib/core";
import { aksApprovalStackName, arcGatewayStackName, gatewayType, hasHub, hubSpokeStackName, kubernetesStackName, stackNames } from "./facts";
import { Topology } from "./schema";

/** What the policy pack needs from a plan. */
export interface PolicyPlan {
  /** The topology's suppressions, as written. */
  readonly suppressions: Topology["suppressions"];
  /** Tag names every taggable resource carries (the topology's `tags`, plain text). */
  readonly requiredTags: readonly string[];
  /** The construct each entry of the topology becomes. */
  readonly constructs: readonly TopologyConstruct[];
}

/** An entry of the topology file and the construct it becomes. */
export interface TopologyConstruct {
  /** The entry's field path: `spokes[0]`, `spokes[0].subnets[1]`, `privateLink.endpoints[2]`, `arcGateways[0]`. */
  readonly field: string;
  /** Its construct path: `contoso-connectivity/Spoke-servers`, or a whole stack (`contoso-gw-gateway-east`). */
  readonly path: string;
}

/**
 * The constructs the entries of a topology become, parents before their
 * children, as the stacks build them (stacks/hub-spoke-stack.ts: `Hub`,
 * `OnPremises`, `Arc`, `Monitor`, `Endpoint/<label>`, `Spoke-<name>` and its
 * `Subnet-<name>`, `AksCluster-<name>`, `AksAccess-<name>`; one stack per
 * gateway, approval and Kubernetes cluster). `endpointLabel(i)` is the
 * construct id of `privateLink.endpoints[i]` (the plan's label). A test
 * checks that every path exists in the built stacks.
 */
export function topologyConstructs(t: Topology, endpointLabel: (index: number) => string): TopologyConstruct[] {
  const entries: TopologyConstruct[] = [];
  const add = (field: string, path: string) => entries.push({ field, path });
  if (hasHub(t)) {
    const hub = hubSpokeStackName(t);
    if (t.resourceGroup?.create !== false) add("resourceGroup", `${hub}/ResourceGroup`);
    add("hub", `${hub}/Hub`);
    const op = t.onPremises;
    if (gatewayType(t) && op && (op.vpn || op.expressRoute)) add("onPremises", `${hub}/OnPremises`);
    const pl = t.privateLink;
    if (pl) {
      add("privateLink", `${hub}/Arc`);
      if (pl.monitor) add("privateLink.monitor", `${hub}/Monitor`);
      pl.endpoints.forEach((_, i) => add(`privateLink.endpoints[${i}]`, `${hub}/Endpoint/${endpointLabel(i)}`));
    }
    t.spokes.forEach((s, i) => {
      add(`spokes[${i}]`, `${hub}/Spoke-${s.name}`);
      (s.subnets ?? []).forEach((n, j) => add(`spokes[${i}].subnets[${j}]`, `${hub}/Spoke-${s.name}/Subnet-${n.name}`));
    });
    t.aksClusters.forEach((c, i) => add(`aksClusters[${i}]`, `${hub}/AksCluster-${c.name}`));
    t.aksPrivateAccess.forEach((a, i) => add(`aksPrivateAccess[${i}]`, `${hub}/AksAccess-${a.name}`));
  }
  t.aksPrivateAccess.forEach((a, i) => {
    if (a.approval) add(`aksPrivateAccess[${i}]`, aksApprovalStackName(t, a));
  });
  t.arcGateways.forEach((g, i) => add(`arcGateways[${i}]`, arcGatewayStackName(t, g)));
  t.kubernetes.clusters.forEach((c, i) => add(`kubernetes.clusters[${i}]`, kubernetesStackName(t, c)));
  return entries;
}

/** Whether `field` is `ancestor` or below it (`spokes[1].subnets[0]` is below `spokes` and `spokes[1]`, not below `spokes[10]`). */
export function isFieldWithin(ancestor: string, field: string): boolean {
  return field === ancestor || field.startsWith(`${ancestor}.`) || field.startsWith(`${ancestor}[`);
}

/** Whether `path` is the construct path `ancestor` or below it. */
export function isConstructWithin(ancestor: string, path: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Whether a suppression's target is a construct path (it names a stack) rather than a field path. */
export function isConstructTarget(target: string, stacks: readonly string[]): boolean {
  return target.includes("/") || stacks.includes(target);
}

/** The construct paths a suppression's target matches: the construct path itself, or every construct of the entries at or below the field path. */
export function targetPaths(target: string, constructs: readonly TopologyConstruct[], stacks: readonly string[]): string[] {
  if (isConstructTarget(target, stacks)) return [target];
  return constructs.filter((c) => isFieldWithin(target, c.field)).map((c) => c.path);
}

/** The field path of the entry a construct path belongs to: the deepest entry whose construct holds it; undefined when none does. */
export function fieldOf(path: string, constructs: readonly TopologyConstruct[]): string | undefined {
  let best: TopologyConstruct | undefined;
  for (const c of constructs) if (isConstructWithin(c.path, path) && (!best || c.path.length > best.path.length)) best = c;
  return best?.field;
}

/**
 * Problems of the `suppressions` list the topology alone shows: a field
 * path that names no entry a finding can be on (`spokes[5]` of three
 * spokes, `privateLink.dns`), a construct path outside the topology's
 * stacks, and the same rule and target twice. Whether a construct path
 * names a construct is checked once the stacks are built.
 */
export function suppressionProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const stacks = stackNames(t);
  // Endpoint labels do not change which fields exist.
  const fields = [...new Set(topologyConstructs(t, () => "").map((c) => c.field))];
  const seen = new Map<string, number>();
  t.suppressions.forEach((s, i) => {
    const at = `suppressions[${i}]`;
    const key = `${s.rule} ${s.target}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(problem(`${at}.target`, s.target, `suppresses ${s.rule} on the same target as suppressions[${first}]`, "remove the repeat, or merge the reasons"));
    else seen.set(key, i);
    if (isConstructTarget(s.target, stacks)) {
      const stack = s.target.split("/")[0];
      if (!stacks.includes(stack)) {
        const near = suggest(stack, stacks);
        problems.push(problem(`${at}.target`, s.target, `a construct path starts with the name of one of the topology's stacks (${stacks.join(", ")})`, near ? `did you mean ${near}?` : "start it with a stack name (arc-connectivity list shows them)"));
      }
      return;
    }
    if (!fields.some((f) => isFieldWithin(s.target, f))) {
      // A field of an entry (privateLink.publicNetworkAccess): findings are on the entry.
      const entry = fields.filter((f) => isFieldWithin(f, s.target)).sort((a, b) => b.length - a.length)[0];
      const near = entry ?? suggest(s.target, fields);
      const examples = fields.slice(0, 6).join(", ");
      problems.push(
        problem(
          `${at}.target`,
          s.target,
          `names no entry of this topology that findings are on (a field path such as ${examples || "hub or spokes[0]"}, or a construct path such as ${stacks[0] ?? "<stack>"}/...)`,
          near ? `did you mean ${near}?` : "name the entry (a spoke, privateLink, an AKS cluster, ...) or the construct path the finding names",
        ),
      );
    }
  });
  return problems;
}
