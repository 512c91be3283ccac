/**
 * fast-check generators of topology files.
 *
 * `validTopology(files)` produces topologies the library must accept and
 * synthesize into Terraform that passes the schema, constraint and template
 * checks: every section and option (hub with and without gateway and
 * resolver, every DNS mode, Monitor, service endpoints, spokes with every
 * rule profile and DNS choice, private AKS with each zone choice, AKS
 * private access, Arc gateways with machines, clusters and scenarios,
 * Arc-enabled Kubernetes by private link and by gateway, every backend),
 * with template markers (`${`, `%{`, `\`, `"`) in every free-text field,
 * ARM ids in mixed casing, same-named resources in different resource
 * groups and subscriptions, and every name-like field (and the names in
 * ARM ids) also at its minimum and maximum length (`NAME_RULES`). Names of
 * a list that become construct ids (spokes, subnets, AKS clusters and
 * their subzones, AKS access entries) differ in their address words
 * (`addressWords`), with neighbours that do (`data-01`, `data01`).
 *
 * `brokenTopology(files)` takes a valid one and breaks it in one way
 * (bad CIDRs, overlaps, reserved ranges, wrong types, unknown fields,
 * missing fields, limits exceeded, names one past their maximum length,
 * two names of one list that give the same Terraform address); the
 * library must refuse each with field-path problems.
 *
 * Generators build plain input objects (what a user writes); the rules
 * they respect are the README's rule table, written out here on purpose:
 * a generator that leans on the product's own rule code could not catch
 * a wrong rule.
 */
import * as fc from "fast-check";
import type { TopologyInput } from "../../topology/schema";

/** Files a generated topology may name (proxy CA certificates), created by the test. */
export interface GeneratedFiles {
  /** Absolute paths of readable PEM certificates, some with template markers in their names. */
  readonly certificates: readonly string[];
}

const SUBSCRIPTIONS = ["00000000-0000-0000-0000-000000000000", "11111111-1111-4111-8111-111111111111", "2222aaaa-2222-4222-8222-22222222bbbb"];
/** Regions with and without a documented short his code. */
const REGIONS = ["westeurope", "eastus", "northeurope", "westus3", "swedencentral", "uksouth"];
const HIS_CODES: Record<string, string | undefined> = { westeurope: "weu", eastus: "eus", northeurope: "ne", uksouth: "uks" };

/** Pieces of free text, markers included: every free-text field is built from them. */
const MARKERS = ["${var.env}", "%{if x}", "${", "%{", "$${x}", "%%{y}", "\\", '"', "'", "}", "C:\\certs\\ca.pem", "100%", "é", "a\nb"];
const WORDS = ["platform", "team", "cost", "Change CHG-1", "owner", "x"];
const freeText = (maxParts = 4) =>
  fc.array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...WORDS) }, { weight: 3, arbitrary: fc.constantFrom(...MARKERS) }), { minLength: 1, maxLength: maxParts }).map((p) => p.join(" "));

// ---------------------------------------------------------------------------
// Names at the edges of their limits
// ---------------------------------------------------------------------------

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const LETTERS = LOWER + LOWER.toUpperCase();
const DIGITS = "0123456789";
const LOWER_ALNUM = LOWER + DIGITS;
const ALNUM = LETTERS + DIGITS;

/** The length limits and characters of a kind of name: the first, the middle and the last character of each. */
interface NameRule {
  readonly min: number;
  readonly max: number;
  readonly first: string;
  readonly middle: string;
  readonly last: string;
}
const nameRule = (min: number, max: number, first: string, middle = first, last = first): NameRule => ({ min, max, first, middle, last });

/**
 * The limits of every name-like field, written out from the schema's
 * patterns (topology/schema.ts) and, for names inside ARM ids (which the
 * schema checks for shape only), from Azure's naming rules for the type.
 */
export const NAME_RULES = {
  /** `name`: 2-20 of a-z, 0-9, '-', not starting or ending with '-'. */
  topology: nameRule(2, 20, LOWER_ALNUM, LOWER_ALNUM + "-"),
  /** Spoke, gateway, cluster and access names: 1-24 of a-z, 0-9, '-', not starting or ending with '-'. */
  short: nameRule(1, 24, LOWER_ALNUM, LOWER_ALNUM + "-"),
  /** 1-90 of letters, digits, '-', '_', '.', '(' and ')', not ending in '.'. */
  resourceGroup: nameRule(1, 90, ALNUM + "-_.()", ALNUM + "-_.()", ALNUM + "-_()"),
  /** 1-80 of letters, digits, '.', '-', '_'; starting with a letter or digit, ending with one or '_'. */
  subnet: nameRule(1, 80, ALNUM, ALNUM + ".-_", ALNUM + "_"),
  /** 3-24 of letters, digits and '-', starting with a letter, not ending with '-'. */
  keyVault: nameRule(3, 24, LETTERS, ALNUM + "-", ALNUM),
  /** 1-54 of letters, digits and '-', not starting or ending with '-'. */
  dnsPrefix: nameRule(1, 54, ALNUM, ALNUM + "-"),
  /** 1-32 of a-z, 0-9 and '-', not starting or ending with '-'. */
  subzone: nameRule(1, 32, LOWER_ALNUM, LOWER_ALNUM + "-"),
  /** Kubernetes object names: 1-63 of a-z, 0-9 and '-', not starting or ending with '-'. */
  dnsLabel: nameRule(1, 63, LOWER_ALNUM, LOWER_ALNUM + "-"),
  /** 1-253 of a-z, 0-9, '-', '.', ':', starting and ending with a-z or 0-9. */
  clusterRole: nameRule(1, 253, LOWER_ALNUM, LOWER_ALNUM + "-.:"),
  /** Distribution and infrastructure: 1-40 of a-z, 0-9, '_'. */
  armWord: nameRule(1, 40, LOWER_ALNUM + "_"),
  /** 1-8 of a-z, 0-9. */
  hisRegionCode: nameRule(1, 8, LOWER_ALNUM),
  /** A Terraform Cloud organization: 1-64 of letters, digits, '-' and '_'. */
  organization: nameRule(1, 64, ALNUM + "-_"),
  /** A Terraform Cloud project: 3-40 of letters, digits, spaces, '-' and '_', no space at either end. */
  project: nameRule(3, 40, ALNUM + "-_", ALNUM + "-_ "),
  /** A blob container (the azurerm backend's): 3-63 of a-z, 0-9 and '-', no '--', a letter or digit at both ends; generated without '-' (first, middle and last characters cannot keep two '-' apart), which the realistic names have. */
  container: nameRule(3, 63, LOWER_ALNUM),
  /** 1-512, without < > % & \ ? / (template markers included; letters or digits at both ends). */
  tagName: nameRule(1, 512, ALNUM, ALNUM + " -_.:${}\"'", ALNUM),
  /** At most 256 characters, anything. */
  tagValue: nameRule(0, 256, ALNUM + " ${}%\\\"'", ALNUM + " ${}%\\\"'<>&?/é"),
  // Names inside ARM ids: Azure's naming rules for the type.
  /** Arc-enabled servers: 1-54 of letters, digits, '-', '_', '.'. */
  machine: nameRule(1, 54, ALNUM, ALNUM + "-_.", ALNUM + "-_"),
  /** Arc-enabled Kubernetes (connected clusters): 1-63, letters, digits, '-' and '_', starting with a letter or digit. */
  connectedCluster: nameRule(1, 63, ALNUM, ALNUM + "-_"),
  /** AKS (managed clusters): 1-63 of letters, digits, '-' and '_', starting and ending with a letter or digit. */
  managedCluster: nameRule(1, 63, ALNUM, ALNUM + "-_", ALNUM),
  /** Key vaults: 3-24 (as keyVault). */
  vault: nameRule(3, 24, LETTERS, ALNUM + "-", ALNUM),
  /** Storage accounts: 3-24 of a-z and 0-9. */
  storage: nameRule(3, 24, LOWER_ALNUM),
  /** Log Analytics workspaces: 4-63 of letters, digits and '-', starting and ending with a letter or digit. */
  workspace: nameRule(4, 63, ALNUM, ALNUM + "-"),
  /** Data collection endpoints: 3-44 of letters, digits and '-', starting and ending with a letter or digit. */
  dataCollectionEndpoint: nameRule(3, 44, ALNUM, ALNUM + "-"),
  /** Automation accounts: 6-50 of letters, digits and '-', starting with a letter, ending with a letter or digit. */
  automation: nameRule(6, 50, LETTERS, ALNUM + "-", ALNUM),
  /** ExpressRoute circuits: 1-80 (as subnet names). */
  circuit: nameRule(1, 80, ALNUM, ALNUM + ".-_", ALNUM + "_"),
} as const;

/**
 * A name of `rule` at one of its bounds (min or max length, each two fifths
 * of the time) or a length in between, of valid characters.
 */
function nameOfLength(rule: NameRule): fc.Arbitrary<string> {
  const { min, max, first, middle, last } = rule;
  const pick = (set: string) => fc.constantFrom(...set);
  const both = [...first].filter((c) => last.includes(c)).join("");
  return fc.oneof({ weight: 2, arbitrary: fc.constant(min) }, { weight: 2, arbitrary: fc.constant(max) }, { weight: 1, arbitrary: fc.integer({ min, max }) }).chain((length) => {
    if (length === 0) return fc.constant("");
    if (length === 1) return pick(both);
    return fc.tuple(pick(first), fc.string({ unit: pick(middle), minLength: length - 2, maxLength: length - 2 }), pick(last)).map(([a, b, c]) => a + b + c);
  });
}

/** Realistic names (kept: they are what users write), mixed with names of `rule` at and between its bounds. */
function nameOf(rule: NameRule, ...realistic: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...realistic) }, { weight: 2, arbitrary: nameOfLength(rule) });
}

/** As `nameOf`, mostly at the bounds: for fields in rare parts of a topology, so that a run still reaches both. */
function rareNameOf(rule: NameRule, ...realistic: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...realistic) }, { weight: 3, arbitrary: nameOfLength(rule) });
}

/**
 * The words a name gives in Terraform addresses (README, "Terraform
 * addresses"): split at every character other than a letter or digit and
 * at camelCase (`webApp`; an acronym ends before a capital followed by a
 * lower-case letter: `DNSZone`), in lower case, joined with `_`.
 */
export function addressWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .join("_");
}

/** What makes two names of a list the same: their lower-case form (Azure compares names case-insensitively). */
const sameName = (name: string) => [name.toLowerCase()];
/** For lists whose names become construct ids: also the words of their Terraform addresses (the file refuses `a-b` beside `a--b`). */
const sameNameOrAddress = (name: string) => [name.toLowerCase(), `words:${addressWords(name)}`];

/**
 * Names made distinct (by `keys`: case-insensitively by default, and not in
 * `reserved`): a repeat becomes `fallback(i)`, or `fallback(i)-<k>` if that
 * is taken too.
 */
function distinctNames(candidates: readonly string[], fallback: (i: number) => string, reserved: readonly string[] = [], keys: (name: string) => string[] = sameName): string[] {
  const taken = new Set(reserved.flatMap(keys));
  return candidates.map((candidate, i) => {
    let name = candidate;
    for (let k = 0; keys(name).some((key) => taken.has(key)); k++) name = k === 0 ? fallback(i) : `${fallback(i)}-${k}`;
    for (const key of keys(name)) taken.add(key);
    return name;
  });
}

/** Tags: names from free text (Azure refuses < > % & \ ? / in them) or at their limits, distinct case-insensitively as Azure compares them. */
const tagName = fc.oneof({ weight: 3, arbitrary: freeText(3).map((s) => s.replace(/[<>%&\\?/]/g, "_").slice(0, 512)) }, { weight: 1, arbitrary: nameOfLength(NAME_RULES.tagName) });
const tagValue = fc.oneof({ weight: 3, arbitrary: freeText(3).map((s) => s.slice(0, 256)) }, { weight: 1, arbitrary: nameOfLength(NAME_RULES.tagValue) });
const tags = fc.uniqueArray(fc.tuple(tagName, tagValue), { maxLength: 3, selector: ([name]) => name.toLowerCase() }).map((entries) => Object.fromEntries(entries));

/** A casing of an ARM id's static segments, as `az` and the portal print them. */
type Casing = "canonical" | "lower" | "upper";
function armId(sub: string, rg: string, type: string, name: string, casing: Casing): string {
  const [namespace, kind] = type.split("/");
  const c = (s: string) => (casing === "lower" ? s.toLowerCase() : casing === "upper" ? s.toUpperCase() : s);
  return `/${c("subscriptions")}/${sub}/${c("resourceGroups")}/${rg}/${c("providers")}/${c(namespace)}/${c(kind)}/${name}`;
}
const casing = fc.constantFrom<Casing>("canonical", "lower", "upper");

/** Resource groups in ARM ids: realistic ones, shared across ids, and ones at the limits. */
const armIdResourceGroup = nameOf(NAME_RULES.resourceGroup, "rg-a", "RG-b", "rg.c(1)");

/** ARM ids of one type, unique as resources (any casing), often sharing names across resource groups and subscriptions; resource groups and names also at their limits (`rule`). */
function armIds(type: string, names: readonly [string, ...string[]], max: number, rule: NameRule, rare = false) {
  return fc
    .uniqueArray(fc.record({ sub: fc.constantFrom(...SUBSCRIPTIONS), rg: armIdResourceGroup, name: (rare ? rareNameOf : nameOf)(rule, ...names), casing }), {
      maxLength: max,
      selector: (r) => `${r.sub}/${r.rg}/${r.name}`.toLowerCase(),
    })
    .map((rs) => rs.map((r) => armId(r.sub, r.rg, type, r.name, r.casing)));
}

/** The longest stack name a topology can have: <name (20)>-aks-approval-<access name (24)>. */
const LONGEST_STACK_NAME = 20 + "-aks-approval-".length + 24;
/** A key prefix that fits Azure's 1,024-character blob name with any stack name: <prefix><stack>.tfstate. */
const LONGEST_KEY_PREFIX = 1024 - LONGEST_STACK_NAME - ".tfstate".length;

const backend = fc.oneof(
  fc.constant(undefined),
  fc.record({ type: fc.constant("local" as const), path: fc.option(fc.constantFrom("state/{stack}.tfstate", "C:\\state\\{stack}.tfstate", "/var/lib/tf/{stack} \"x\".tfstate"), { nil: undefined }) }),
  fc.record({
    type: fc.constant("cloud" as const),
    organization: rareNameOf(NAME_RULES.organization, "contoso", "fab_rikam-2"),
    // The schema sets no limit; a Terraform Cloud workspace name (prefix + stack name, up to 58) has at most 90 characters.
    workspacePrefix: fc.option(nameOf(nameRule(0, 32, ALNUM + "-_"), "arc-", "prod_"), { nil: undefined }),
    hostname: fc.option(fc.constantFrom("app.terraform.io", "tfe.contoso.com:8443"), { nil: undefined }),
    project: fc.option(rareNameOf(NAME_RULES.project, "Arc connectivity", "arc_prod-1"), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant("azurerm" as const),
    storageAccountName: rareNameOf(NAME_RULES.storage, "stcontosotfstate", "st0"),
    containerName: rareNameOf(NAME_RULES.container, "tfstate", "arc-state-1"),
    resourceGroupName: fc.option(nameOf(NAME_RULES.resourceGroup, "rg-tfstate", "RG.State(prod)_1"), { nil: undefined }),
    subscriptionId: fc.option(fc.constantFrom(...SUBSCRIPTIONS), { nil: undefined }),
    tenantId: fc.option(fc.constantFrom("9a2b3c4d-0000-4000-8000-000000000001", "9A2B3C4D-0000-4000-8000-000000000002"), { nil: undefined }),
    keyPrefix: fc.option(fc.constantFrom("", "arc/", "arc/prod/", "état/tf.state_ X-", "p".repeat(LONGEST_KEY_PREFIX)), { nil: undefined }),
  }),
);

const resourceGroup = fc.option(fc.record({ name: nameOf(NAME_RULES.resourceGroup, "rg-net", "RG.Arc(prod)_1", "r"), create: fc.boolean() }), { nil: undefined });

/** Hub first ranges: all /24 or larger, none puts the resolver in 10.0.1.0-10.0.16.255. */
const HUB_RANGES = ["10.0.0.0/22", "10.17.0.0/24", "192.168.0.0/23", "172.20.0.0/16", "10.0.0.0/24"];
const ON_PREMISES = ["172.16.0.0/16", "192.168.100.0/24", "10.64.0.0/11"];

const gatewaySku = {
  vpn: ["VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"],
  expressroute: ["Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ"],
} as const;

/** The zones a topology's private link and AKS entries need (mode existing lists them all). */
function zonesOf(location: string, pl: { monitor?: unknown; endpoints?: Array<{ type: string }> } | undefined, aks: string[]): string[] {
  const arc = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"];
  const monitor = ["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net"];
  const byType: Record<string, string> = { keyvault: "privatelink.vaultcore.azure.net", blob: "privatelink.blob.core.windows.net", automation: "privatelink.azure-automation.net" };
  const zones = pl ? [...arc, ...(pl.monitor ? monitor : []), ...(pl.endpoints ?? []).map((e) => byType[e.type])] : [];
  void location;
  return [...new Set([...zones, ...aks])];
}

const chart = fc.record({
  repository: fc.constantFrom("oci://mcr.microsoft.com/azurearck8s/batch1/stable", "https://charts.contoso.com/arc?x=${y}&z=%{w}"),
  name: fc.option(nameOf(NAME_RULES.dnsLabel, "azure-arc-k8sagents", "arc"), { nil: undefined }),
  version: fc.constantFrom("1.36.1", "1.36.1-rc.1"),
});

const connection = fc.oneof(
  fc.record({ type: fc.constant("kubeconfig" as const), path: fc.option(freeText(2), { nil: undefined }), context: fc.option(freeText(2), { nil: undefined }) }),
  fc.constant({ type: "token" as const }),
);

const SUFFIXES = ["kubernetes.default.svc", ".svc.cluster.local", ".svc"];

/** A cluster proxy whose skip range, when given, covers the service CIDR. */
function proxy(serviceCidr: string, certificateFiles: fc.Arbitrary<string | undefined>, tlsInspection: boolean) {
  return fc.option(
    fc.record({
      https: fc.constantFrom("http://proxy.contoso.com:3128", "https://10.9.9.9"),
      http: fc.option(fc.constantFrom("http://proxy.contoso.com:8080"), { nil: undefined }),
      skipRange: fc.option(fc.constantFrom([serviceCidr, ...SUFFIXES], ["10.0.0.0/8", serviceCidr, ...SUFFIXES, "*.contoso.com", "fd00::/8"]), { nil: undefined }),
      certificateFile: certificateFiles,
      tlsInspection: tlsInspection ? fc.option(fc.boolean(), { nil: undefined }) : fc.constant(undefined),
    }),
    { nil: undefined },
  );
}

const guid = fc.constantFrom("9a2b3c4d-0000-4000-8000-000000000001", "9A2B3C4D-0000-4000-8000-000000000002");
/** Distinct object ids (a principal listed twice is an error). */
const guids = (minLength: number) => fc.uniqueArray(guid, { minLength, maxLength: 2, selector: (g) => g.toLowerCase() });

/** A topology with a hub: private link or not, spokes, private AKS, AKS private access, Arc-enabled Kubernetes by private link. */
// ---------------------------------------------------------------------------
// Suppressions of the policy pack
// ---------------------------------------------------------------------------

/** The reason of a suppression the generator means to be used, and of one it means to match nothing. */
export const ACCEPTED = "Accepted for this generated topology on purpose";
export const UNUSED = "Matches nothing on purpose: the unused-suppression warning";

/** Which optional suppressions a topology gets: those of warnings (by field path or construct path), and one that matches nothing. */
const SUPPRESS = fc.record({ warnings: fc.boolean(), byConstructPath: fc.boolean(), unused: fc.boolean() });

/**
 * A hub topology's suppressions. Every option a rule refuses gets one
 * (written out here, not read from the pack: public network access on the
 * Arc scope and Open Monitor access modes, ARC-001); the warnings the
 * topology has may (the hub's subnets without an NSG, spokes with arcRules
 * none, ARC-006; clusters with a public FQDN, ARC-005); and one that
 * matches nothing may be added (ARC-002: the library writes no open NSG
 * rule).
 */
function hubSuppressions(
  choice: { warnings: boolean; byConstructPath: boolean; unused: boolean },
  t: { name: string; publicNetworkAccess: boolean; monitorOpen: boolean; spokesWithoutNsg: number[]; publicClusters: number[] },
): Array<{ rule: string; target: string; reason: string }> | undefined {
  const accepted = (rule: string, target: string) => ({ rule, target, reason: ACCEPTED });
  const list = [
    ...(t.publicNetworkAccess ? [accepted("ARC-001", "privateLink")] : []),
    ...(t.monitorOpen ? [accepted("ARC-001", "privateLink.monitor")] : []),
    ...(choice.warnings
      ? [
          accepted("ARC-006", choice.byConstructPath ? `${t.name}-connectivity/Hub` : "hub"),
          ...t.spokesWithoutNsg.map((i) => accepted("ARC-006", `spokes[${i}]`)),
          ...t.publicClusters.map((i) => accepted("ARC-005", `aksClusters[${i}]`)),
        ]
      : []),
    ...(choice.unused ? [{ rule: "ARC-002", target: "hub", reason: UNUSED }] : []),
  ];
  return list.length > 0 ? list : undefined;
}

/** A gateway topology's suppressions: its hub's subnets without an NSG may be accepted (ARC-006), and one that matches nothing (ARC-004, on a gateway's stack) may be added. */
function gatewaySuppressions(choice: { warnings: boolean; byConstructPath: boolean; unused: boolean }, name: string, hub: boolean, gateway: string): Array<{ rule: string; target: string; reason: string }> | undefined {
  const list = [
    ...(hub && choice.warnings ? [{ rule: "ARC-006", target: choice.byConstructPath ? `${name}-connectivity/Hub` : "hub", reason: ACCEPTED }] : []),
    ...(choice.unused ? [{ rule: "ARC-004", target: choice.byConstructPath ? `${name}-gateway-${gateway}` : "arcGateways[0]", reason: UNUSED }] : []),
  ];
  return list.length > 0 ? list : undefined;
}

function hubTopology(files: GeneratedFiles) {
  const certificate = fc.option(fc.constantFrom(...files.certificates), { nil: undefined });
  return fc
    .record({
      name: nameOf(NAME_RULES.topology, "contoso", "c0", "a-very-long-name-x20"),
      location: fc.constantFrom(...REGIONS),
      subscriptionId: fc.option(fc.constantFrom(...SUBSCRIPTIONS), { nil: undefined }),
      resourceGroup,
      tags,
      backend,
      hubRange: fc.constantFrom(...HUB_RANGES),
      extraHubRange: fc.option(fc.constantFrom("10.99.0.0/24"), { nil: undefined }),
      gateway: fc.oneof(
        fc.constant(undefined),
        fc.record({ type: fc.constant("vpn" as const), sku: fc.option(fc.constantFrom(...gatewaySku.vpn), { nil: undefined }) }),
        fc.record({ type: fc.constant("expressroute" as const), sku: fc.option(fc.constantFrom(...gatewaySku.expressroute), { nil: undefined }) }),
      ),
      connect: fc.boolean(),
      circuit: casing,
      circuitRg: nameOf(NAME_RULES.resourceGroup, "rg-er"),
      circuitName: rareNameOf(NAME_RULES.circuit, "er1"),
      onPremises: fc.option(fc.constantFrom(...ON_PREMISES), { nil: undefined }),
      dnsResolver: fc.option(fc.boolean(), { nil: undefined }),
      // Azure to on-premises (issue 16): used with on-premises ranges and the hub resolver.
      toOnPremises: fc.option(
        fc.record({
          servers: fc.uniqueArray(fc.constantFrom("172.16.0.10", "172.16.0.11", "192.168.100.53", "10.64.0.4", "10.64.0.5", "10.99.0.4", "172.16.1.1"), { minLength: 1, maxLength: 6 }),
          domains: fc.uniqueArray(fc.constantFrom("corp.contoso.com", "contoso.local", "ad.fabrikam.net.", "Corp.Example.org", "x", `${"a".repeat(63)}.corp`), { minLength: 1, maxLength: 4, selector: (d) => d.toLowerCase().replace(/\.$/, "") }),
        }),
        { nil: undefined },
      ),
      privateLink: fc.option(
        fc.record({
          publicNetworkAccess: fc.option(fc.boolean(), { nil: undefined }),
          mode: fc.constantFrom("managed", "existing", "policy"),
          zoneCasing: casing,
          monitor: fc.option(
            fc.record({
              workspaces: armIds("Microsoft.OperationalInsights/workspaces", ["log1", "log-2"], 3, NAME_RULES.workspace),
              dces: armIds("Microsoft.Insights/dataCollectionEndpoints", ["dce1"], 2, NAME_RULES.dataCollectionEndpoint),
              ingestionAccessMode: fc.option(fc.constantFrom("Open", "PrivateOnly"), { nil: undefined }),
              queryAccessMode: fc.option(fc.constantFrom("Open", "PrivateOnly"), { nil: undefined }),
            }),
            { nil: undefined },
          ),
          vaults: armIds("Microsoft.KeyVault/vaults", ["kv1", "kv-contoso"], 2, NAME_RULES.vault),
          blobs: armIds("Microsoft.Storage/storageAccounts", ["st1"], 2, NAME_RULES.storage),
          automation: armIds("Microsoft.Automation/automationAccounts", ["aa1"], 1, NAME_RULES.automation, true),
          machinesResourceGroup: fc.option(nameOf(NAME_RULES.resourceGroup, "rg-arc-servers"), { nil: undefined }),
          hisRegionCode: fc.option(nameOf(NAME_RULES.hisRegionCode, "weu", "x1"), { nil: undefined }),
          // Fallback to internet (issue 16): none, every zone, or some (a pick of the needed zones); never in mode policy.
          fallback: fc.constantFrom("none", "all", "some"),
          fallbackPick: fc.nat(),
          // The scope in another region than the hub (issue 16); used only when no cluster connects through the scope.
          scopeLocation: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
          // Existing servers (issue 15): the region left out (the scope's) or written as the scope's.
          machines: armIds("Microsoft.HybridCompute/machines", ["web01", "sql01"], 3, NAME_RULES.machine),
          machineLocation: fc.boolean(),
          serverProxy: fc.option(fc.record({ url: fc.constantFrom("http://proxy.contoso.com:3128", "https://10.20.0.5:8443"), bypassArc: fc.option(fc.boolean(), { nil: undefined }) }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      spokes: fc.array(
        fc.record({
          name: nameOf(NAME_RULES.short, "app1", "web", "data-01", "data01"),
          subnetNames: fc.array(nameOf(NAME_RULES.subnet, "workload", "snet-0", "snet0", "Data.Tier_", "DataTier"), { minLength: 3, maxLength: 3 }),
          arcRules: fc.option(fc.constantFrom("servers", "kubernetes", "none"), { nil: undefined }),
          dnsLinks: fc.option(fc.boolean(), { nil: undefined }),
          prefix: fc.integer({ min: 16, max: 28 }),
          subnets: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        }),
        { maxLength: 4 },
      ),
      aks: fc.array(
        fc.record({
          name: nameOf(NAME_RULES.short, "ops", "team-a", "teama"),
          spokeName: nameOf(NAME_RULES.short, "aks", "aks-nodes"),
          subnet: nameOf(NAME_RULES.subnet, "nodes", "snet_aks.1"),
          namedSubnet: fc.boolean(),
          dnsPrefix: fc.option(nameOf(NAME_RULES.dnsPrefix, "ops", "Team-A1"), { nil: undefined }),
          dnsLinks: fc.boolean(),
          zone: fc.constantFrom("default", "custom", "System", "None"),
          subzone: fc.option(rareNameOf(NAME_RULES.subzone, "ops", "team-a"), { nil: undefined }),
          publicFqdn: fc.option(fc.boolean(), { nil: undefined }),
          nodeCount: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
          dnsServiceIp: fc.boolean(),
          kubernetesVersion: fc.option(fc.constantFrom("1.33", "1.32.4"), { nil: undefined }),
          admins: guids(0),
        }),
        { maxLength: 2 },
      ),
      access: fc.uniqueArray(
        fc.record({
          name: nameOf(NAME_RULES.short, "partner", "team"),
          sub: fc.constantFrom(...SUBSCRIPTIONS),
          rg: nameOf(NAME_RULES.resourceGroup, "rg-partner", "rg-team"),
          cluster: nameOf(NAME_RULES.managedCluster, "aks-partner", "aks-team"),
          casing,
          region: fc.constantFrom("northeurope", "westus3", "westeurope"),
          crossTenant: fc.option(fc.boolean(), { nil: undefined }),
          message: freeText(4).map((m) => m.slice(0, 60)),
          approval: fc.option(fc.record({ tenantId: fc.option(guid, { nil: undefined }) }), { nil: undefined }),
        }),
        { maxLength: 3, selector: (a) => `${a.sub}/${a.rg}/${a.cluster}`.toLowerCase() },
      ),
      suppress: SUPPRESS,
      k8s: fc.array(
        fc.record({
          name: nameOf(NAME_RULES.short, "edge01", "store-berlin"),
          distribution: fc.option(nameOf(NAME_RULES.armWord, "k3s", "generic", "openshift"), { nil: undefined }),
          infrastructure: fc.option(nameOf(NAME_RULES.armWord, "generic", "azure_stack_hci"), { nil: undefined }),
          rg: resourceGroup,
          connection,
          serviceCidr: fc.constantFrom("10.43.0.0/16", "10.96.0.0/12"),
          certificate,
          chart,
          explicitLocation: fc.boolean(),
        }),
        { maxLength: 2 },
      ),
    })
    .chain((d) => {
      // Proxies depend on each cluster's service CIDR.
      const proxies = fc.tuple(...d.k8s.map((c) => proxy(c.serviceCidr, fc.constant(c.certificate), true)));
      return proxies.map((p) => ({ ...d, proxies: p }));
    })
    .map((d): TopologyInput => {
      const resolver = d.dnsResolver !== false;
      const pl = d.privateLink;
      const policy = pl?.mode === "policy";
      const endpoints = pl ? [...pl.vaults.map((id) => ({ type: "keyvault" as const, resourceId: id })), ...pl.blobs.map((id) => ({ type: "blob" as const, resourceId: id })), ...pl.automation.map((id) => ({ type: "automation" as const, resourceId: id }))] : [];
      // AKS clusters get spokes of their own (arcRules none, a /24 node subnet); with policy DNS no custom zones.
      // Without the resolver, a spoke resolves the hub's zones only through links.
      const hubZonesBesidesAks = !policy && (pl !== undefined || d.access.length > 0);
      // Spoke names (the AKS spokes' too) are distinct and not "hub"; so are the names of clusters and access entries. They
      // (and subnet names) become construct ids: distinct also in the words of their Terraform addresses.
      const spokeNames = distinctNames([...d.spokes.map((s) => s.name), ...d.aks.map((a) => a.spokeName)], (i) => `spoke${i}`, ["hub"], sameNameOrAddress);
      const aksSpokeNames = spokeNames.slice(d.spokes.length);
      const aksNames = distinctNames(d.aks.map((a) => a.name), (i) => `ops${i}`, [], sameNameOrAddress);
      const aks = d.aks.map((a, i) => {
        const links = a.dnsLinks || (!resolver && hubZonesBesidesAks);
        const dns = links ? "links" : resolver ? "resolver" : "azure";
        const allowed = dns === "resolver" ? (policy ? ["None"] : ["custom", "None"]) : ["System", "None"];
        // The default is custom in a resolver spoke, which policy DNS cannot hold.
        const zone = a.zone === "default" && !(policy && dns === "resolver") ? undefined : allowed.includes(a.zone) ? a.zone : allowed[0];
        const effective = zone ?? (dns === "resolver" ? "custom" : "System");
        const serviceCidr = `10.${250 + i}.0.0/16`;
        return {
          spoke: { name: aksSpokeNames[i], addressSpace: [`10.${200 + i}.0.0/23`], subnets: [{ name: a.subnet, addressPrefix: `10.${200 + i}.0.0/24` }], arcRules: "none" as const, dnsLinks: links },
          cluster: {
            name: aksNames[i],
            spoke: aksSpokeNames[i],
            subnet: a.namedSubnet ? a.subnet : undefined,
            dnsPrefix: a.dnsPrefix,
            privateDnsZone: zone as "custom" | "System" | "None" | undefined,
            subzone: effective === "custom" ? a.subzone : undefined,
            publicFqdn: effective === "None" ? true : a.publicFqdn,
            nodeCount: a.nodeCount,
            kubernetesVersion: a.kubernetesVersion,
            serviceCidr,
            dnsServiceIp: a.dnsServiceIp ? `10.${250 + i}.0.53` : undefined,
            adminGroupObjectIds: a.admins.length ? a.admins : undefined,
          },
          customZone: effective === "custom" ? `${a.subzone && effective === "custom" ? `${a.subzone}.` : ""}privatelink.${d.location}.azmk8s.io` : undefined,
        };
      });
      // Two custom zones whose subzones give the same address words (team-a, team--a) would share an address: a later cluster shares the earlier zone.
      const subzones = new Map<string, string>();
      for (const a of aks) {
        const subzone = a.cluster.subzone;
        if (subzone === undefined) continue;
        const earlier = subzones.get(addressWords(subzone)) ?? subzone;
        subzones.set(addressWords(subzone), earlier);
        a.cluster.subzone = earlier;
        a.customZone = `${earlier}.privatelink.${d.location}.azmk8s.io`;
      }
      const accessNames = distinctNames(d.access.map((a) => a.name), (i) => `access${i}`, [], sameNameOrAddress);
      const access = policy
        ? []
        : d.access.map((a, i) => {
            const manual = a.crossTenant === true || (d.subscriptionId !== undefined && a.sub !== d.subscriptionId);
            // AKS names the FQDN's first label <DNS prefix (at most 54, from the cluster name)>-<8 hex>: at most 63.
            const label = a.cluster.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 54).replace(/-+$/, "");
            return {
              name: accessNames[i],
              clusterId: armId(a.sub, a.rg, "Microsoft.ContainerService/managedClusters", a.cluster, a.casing),
              region: a.region,
              privateFqdn: `${label}-1a2b3c4d.8d7e6f5a-1b2c-3d4e-5f6a-7b8c9d0e1f2a.privatelink.${a.region}.azmk8s.io`,
              crossTenant: a.crossTenant,
              requestMessage: manual ? a.message : undefined,
              approval: manual ? a.approval : undefined,
            };
          });
      const aksZones = [...access.map((a) => `privatelink.${a.region}.azmk8s.io`), ...aks.flatMap((a) => (a.customZone ? [a.customZone] : []))];
      const zones = zonesOf(d.location, pl ? { monitor: pl.monitor, endpoints } : undefined, aksZones);
      const hubZones = !policy && zones.length > 0;
      const spokes = d.spokes.map((s, i) => {
        const base = ipToInt(`10.${100 + i}.0.0`);
        // Up to three subnets of a quarter (at most a /29) of the spoke each, from its start.
        const subPrefix = Math.min(s.prefix + 2, 29);
        const subnetNames = distinctNames(s.subnetNames, (j) => `snet-${j}`, [], sameNameOrAddress);
        const subnets = s.subnets && s.prefix <= 29 ? Array.from({ length: Math.min(s.subnets, 2 ** (subPrefix - s.prefix)) }, (_, j) => ({ name: subnetNames[j], addressPrefix: `${intToIp(base + j * 2 ** (32 - subPrefix))}/${subPrefix}` })) : undefined;
        return {
          name: spokeNames[i],
          addressSpace: [`10.${100 + i}.0.0/${s.prefix}`],
          subnets,
          arcRules: s.arcRules as "servers" | "kubernetes" | "none" | undefined,
          // A spoke without links needs the hub resolver when the hub has zones.
          dnsLinks: hubZones && !resolver ? true : s.dnsLinks,
        };
      });
      const k8sNames = distinctNames(d.k8s.map((c) => c.name), (i) => `edge${i}`);
      const k8s = pl
        ? d.k8s.map((c, i) => ({
            name: k8sNames[i],
            distribution: c.distribution,
            infrastructure: c.infrastructure,
            resourceGroup: c.rg,
            location: c.explicitLocation ? d.location : undefined,
            connection: c.connection,
            serviceCidr: c.serviceCidr,
            proxy: d.proxies[i] ?? undefined,
            chart: c.chart,
          }))
        : [];
      // Kubernetes private link needs the scope in the hub's region.
      const scopeLocation = pl && k8s.length === 0 ? pl.scopeLocation : undefined;
      const hasGateway = d.gateway !== undefined;
      const onPremises = d.onPremises
        ? {
            addressSpace: [d.onPremises],
            vpn: hasGateway && d.connect && d.gateway?.type === "vpn" ? { gatewayAddress: "203.0.113.10" } : undefined,
            expressRoute:
              hasGateway && d.connect && d.gateway?.type === "expressroute"
                ? { circuitId: armId(SUBSCRIPTIONS[1], d.circuitRg, "Microsoft.Network/expressRouteCircuits", d.circuitName, d.circuit) }
                : undefined,
            dns: d.dnsResolver !== false ? d.toOnPremises : undefined,
          }
        : undefined;
      const zoneIds =
        pl?.mode === "existing" ? Object.fromEntries(zones.map((z) => [z, armId(SUBSCRIPTIONS[2], "rg-dns", "Microsoft.Network/privateDnsZones", z, pl.zoneCasing)])) : undefined;
      return strip({
        name: d.name,
        location: d.location,
        subscriptionId: d.subscriptionId,
        resourceGroup: d.resourceGroup,
        tags: d.tags,
        backend: d.backend,
        onPremises,
        hub: { addressSpace: [d.hubRange, ...(d.extraHubRange ? [d.extraHubRange] : [])], gateway: d.gateway, dnsResolver: d.dnsResolver },
        privateLink: pl
          ? {
              publicNetworkAccess: pl.publicNetworkAccess,
              dns: {
                mode: pl.mode as "managed" | "existing" | "policy",
                zoneIds,
                fallbackToInternet: pl.mode !== "policy" && pl.fallback === "all" ? true : undefined,
                fallbackToInternetZones: pl.mode !== "policy" && pl.fallback === "some" ? zones.filter((_, i) => (pl.fallbackPick >> (i % 30)) & 1 || i === pl.fallbackPick % zones.length) : undefined,
              },
              monitor: pl.monitor ? { linkedResourceIds: [...pl.monitor.workspaces, ...pl.monitor.dces], ingestionAccessMode: pl.monitor.ingestionAccessMode as "Open" | undefined, queryAccessMode: pl.monitor.queryAccessMode as "Open" | undefined } : undefined,
              endpoints,
              machinesResourceGroup: pl.machinesResourceGroup,
              hisRegionCode: pl.hisRegionCode,
              location: scopeLocation,
              machines: pl.machines.length ? pl.machines.map((id) => ({ id, location: pl.machineLocation ? (scopeLocation ?? d.location) : undefined })) : undefined,
              serverProxy: pl.serverProxy,
            }
          : undefined,
        spokes: [...spokes, ...aks.map((a) => a.spoke)],
        aksClusters: aks.map((a) => a.cluster),
        aksPrivateAccess: access,
        kubernetes: k8s.length ? { clusters: k8s } : undefined,
        suppressions: hubSuppressions(d.suppress, {
          name: d.name,
          publicNetworkAccess: pl?.publicNetworkAccess === true,
          monitorOpen: pl?.monitor !== undefined && (pl.monitor.ingestionAccessMode === "Open" || pl.monitor.queryAccessMode === "Open"),
          spokesWithoutNsg: [...spokes, ...aks.map((a) => a.spoke)].flatMap((s, i) => (s.arcRules === "none" ? [i] : [])),
          publicClusters: aks.flatMap((a, i) => (a.cluster.publicFqdn ? [i] : [])),
        }),
      });
    });
}

/** A gateway topology: Arc gateways, their machines and clusters, Kubernetes through a gateway; sometimes with a hub and spokes (no private link). */
function gatewayTopology(files: GeneratedFiles) {
  const certificate = fc.option(fc.oneof(fc.constantFrom(...files.certificates), freeText(3)), { nil: undefined });
  return fc
    .record({
      name: nameOf(NAME_RULES.topology, "contoso-gw", "gw"),
      location: fc.constantFrom(...REGIONS),
      subscriptionId: fc.option(fc.constantFrom(...SUBSCRIPTIONS), { nil: undefined }),
      tags,
      backend,
      hub: fc.option(fc.record({ spokes: fc.integer({ min: 0, max: 2 }), gateway: fc.boolean() }), { nil: undefined }),
      suppress: SUPPRESS,
      machines: armIds("Microsoft.HybridCompute/machines", ["web01", "sql01"], 6, NAME_RULES.machine),
      clusters: armIds("Microsoft.Kubernetes/connectedClusters", ["edge01"], 4, NAME_RULES.connectedCluster),
      gateways: fc.array(
        fc.record({
          name: nameOf(NAME_RULES.short, "eu1", "gw-west"),
          location: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
          subscriptionId: fc.option(fc.constantFrom(...SUBSCRIPTIONS), { nil: undefined }),
          resourceGroup,
          apiVersion: fc.option(fc.constantFrom("2026-07-15", "2025-01-13", "2024-07-31-preview"), { nil: undefined }),
          serverProxy: fc.option(fc.record({ url: fc.constantFrom("http://proxy.contoso.com:3128", "https://proxy") }), { nil: undefined }),
          scenarios: fc.subarray(["containerInsights", "keyVault", "azurePolicy", "defender", "dataServices", "clusterConnect"] as const),
          // Distinct case-insensitively, as Azure compares vault names.
          keyVaults: fc.uniqueArray(nameOf(NAME_RULES.keyVault, "kv-one", "KV-Two-3"), { minLength: 1, maxLength: 2, selector: (v) => v.toLowerCase() }),
          hisRegionCode: nameOf(NAME_RULES.hisRegionCode, "xx1"),
          serviceCidr: fc.constantFrom("10.96.0.0/12", "10.43.0.0/16"),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      k8s: fc.array(
        fc.record({
          name: nameOf(NAME_RULES.short, "store1", "edge-berlin"),
          gateway: fc.nat(),
          connection,
          serviceCidr: fc.constantFrom("10.43.0.0/16", "192.168.200.0/24"),
          certificate: fc.option(fc.constantFrom(...files.certificates), { nil: undefined }),
          chart,
          clusterConnect: fc.option(
            fc.record({
              serviceAccount: fc.option(fc.record({ name: rareNameOf(NAME_RULES.dnsLabel, "arc-op", "a"), namespace: fc.option(rareNameOf(NAME_RULES.dnsLabel, "default", "arc-ns"), { nil: undefined }) }), { nil: undefined }),
              entraObjectIds: guids(1),
              clusterRole: fc.option(rareNameOf(NAME_RULES.clusterRole, "view", "cluster-admin", "system:aggregate-to-view"), { nil: undefined }),
              azureRbacPrincipalIds: guids(0),
            }),
            { nil: undefined },
          ),
          customLocations: fc.option(fc.boolean(), { nil: undefined }),
          location: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    })
    .chain((d) =>
      fc
        .tuple(
          fc.tuple(...d.clusters.map(() => proxy("10.96.0.0/12", certificate, false))),
          fc.tuple(...d.k8s.map((c) => proxy(c.serviceCidr, fc.constant(c.certificate), false))),
          fc.tuple(...d.clusters.map(() => fc.nat())),
          fc.tuple(...d.machines.map(() => fc.nat())),
        )
        .map(([clusterProxies, k8sProxies, clusterGateway, machineGateway]) => ({ ...d, clusterProxies, k8sProxies, clusterGateway, machineGateway })),
    )
    .map((d): TopologyInput => {
      const n = d.gateways.length;
      const gatewayNames = distinctNames(d.gateways.map((g) => g.name), (i) => `gw${i}`);
      const gateways = d.gateways.map((g, i) => {
        const keyVault = g.scenarios.includes("keyVault");
        return {
          name: gatewayNames[i],
          location: g.location,
          subscriptionId: g.subscriptionId,
          resourceGroup: g.resourceGroup,
          apiVersion: g.apiVersion,
          hisRegionCode: HIS_CODES[d.location] ? undefined : g.hisRegionCode,
          machines: d.machines.filter((_, j) => d.machineGateway[j] % n === i),
          serverProxy: g.serverProxy,
          clusters: d.clusters.filter((_, j) => d.clusterGateway[j] % n === i).map((id) => ({ id, serviceCidr: "10.96.0.0/12", proxy: d.clusterProxies[d.clusters.indexOf(id)] ?? undefined })),
          scenarios: g.scenarios,
          keyVaults: keyVault ? g.keyVaults : undefined,
        };
      });
      // Cluster names differ from those of the connected clusters listed under arcGateways (a cluster the topology creates is not listed there too).
      const k8sNames = distinctNames(
        d.k8s.map((c) => c.name),
        (i) => `store${i}`,
        d.clusters.map((id) => id.split("/")[8]),
      );
      return strip({
        name: d.name,
        location: d.location,
        subscriptionId: d.subscriptionId,
        tags: d.tags,
        backend: d.backend,
        hub: d.hub ? { addressSpace: ["10.17.0.0/24"], gateway: d.hub.gateway ? { type: "vpn" as const } : undefined } : undefined,
        onPremises: d.hub ? { addressSpace: ["172.16.0.0/16"] } : undefined,
        spokes: d.hub ? Array.from({ length: d.hub.spokes }, (_, i) => ({ name: `s${i}`, addressSpace: [`10.${100 + i}.0.0/24`] })) : undefined,
        arcGateways: gateways,
        suppressions: gatewaySuppressions(d.suppress, d.name, d.hub !== undefined, gatewayNames[0]),
        kubernetes: d.k8s.length
          ? {
              clusters: d.k8s.map((c, i) => ({
                name: k8sNames[i],
                gateway: gatewayNames[c.gateway % n],
                connection: c.connection,
                serviceCidr: c.serviceCidr,
                proxy: d.k8sProxies[i] ?? undefined,
                chart: c.chart,
                clusterConnect: c.clusterConnect,
                customLocations: c.customLocations,
                location: c.location,
              })),
            }
          : undefined,
      });
    });
}

const ipToInt = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const intToIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Drops undefined fields (a user leaves them out; zod treats both alike, the generated file stays readable). */
function strip(value: object): TopologyInput {
  return JSON.parse(JSON.stringify(value)) as TopologyInput;
}

/** Topologies the library must accept. */
export function validTopology(files: GeneratedFiles): fc.Arbitrary<TopologyInput> {
  return fc.oneof({ weight: 3, arbitrary: hubTopology(files) }, { weight: 2, arbitrary: gatewayTopology(files) });
}

/** One way to break a valid topology, with the field path its first problem must name (a prefix). */
export interface Breakage {
  readonly kind: string;
  readonly input: unknown;
  /** A field path the problems must include (as a prefix of a problem path). */
  readonly path: string;
  /** For a value one past a limit: the same topology with the value at the limit, which the library must accept (so `input` is refused for the limit alone). */
  readonly atLimit?: unknown;
}

type Mutable = Record<string, any>;
const clone = (t: TopologyInput): Mutable => JSON.parse(JSON.stringify(t));

/** `name` at the maximum length of `rule`, of valid characters: cut, or padded with x. */
const atMaximum = (name: string, rule: NameRule) => name.slice(0, rule.max).padEnd(rule.max, "x");
/** `name` one character longer than `rule` allows, of valid characters only. */
const oneTooLong = (name: string, rule: NameRule) => `${atMaximum(name, rule)}x`;

/** Sets a name-like field to `rename(old name, its rule)` (references to it follow) and returns the field's path, or undefined when the topology has no such field. */
type NameSetter = (t: Mutable, pick: number, rename: (name: string, rule: NameRule) => string) => string | undefined;

/**
 * A different name of `rule` with the same address words as `name`: a '_'
 * appended where a name may end with one, else its first inner separator
 * doubled, else (at the maximum length) that separator replaced by
 * another; undefined when none fits (a short name without '-').
 */
function sameAddressWords(name: string, rule: NameRule): string | undefined {
  if (name.length < rule.max && rule.last.includes("_")) return `${name}_`;
  const i = name.slice(1, -1).search(/[-._]/) + 1;
  if (i === 0) return undefined;
  if (name.length < rule.max) return name.slice(0, i) + name[i] + name.slice(i);
  const other = [..."-_."].find((c) => c !== name[i] && rule.middle.includes(c));
  return other === undefined ? undefined : name.slice(0, i) + other + name.slice(i + 1);
}

/**
 * Renames a later entry of a list (`names`, undefined where an entry has
 * none) to a name with the same address words as an earlier entry's, the
 * first pair from `pick` on that has one, through `rename(index, name)`,
 * which returns the renamed field's path. Where no earlier name has such a
 * neighbour (short names without '-'), the earlier one first gets a '-'
 * after its first character. Undefined when no pair fits.
 */
function renameToSameAddress(names: ReadonlyArray<string | undefined>, pick: number, rule: NameRule, rename: (k: number, name: string) => string): string | undefined {
  const given = names.flatMap((n, i) => (n === undefined ? [] : [i]));
  if (given.length < 2) return undefined;
  const k = given[given.length - 1];
  const earlier = Array.from({ length: given.length - 1 }, (_, d) => given[(pick + d) % (given.length - 1)]);
  for (const j of earlier) {
    const name = sameAddressWords(names[j] as string, rule);
    if (name !== undefined) return rename(k, name);
  }
  for (const j of earlier) {
    const old = names[j] as string;
    const hyphenated = old.length >= 2 ? `${old[0]}-${old.slice(1)}` : undefined;
    const name = hyphenated !== undefined && hyphenated.length < rule.max ? sameAddressWords(hyphenated, rule) : undefined;
    if (hyphenated === undefined || name === undefined) continue;
    rename(j, hyphenated);
    return rename(k, name);
  }
  return undefined;
}

/** Two names of one list that give the same Terraform addresses (`a-b` and `a--b`): the file refuses the later one. */
const SAME_ADDRESS: Array<[string, (t: Mutable, pick: number) => string | undefined]> = [
  [
    "spokes",
    (t, pick) =>
      renameToSameAddress((t.spokes ?? []).map((s: Mutable) => s.name), pick, NAME_RULES.short, (k, name) => {
        for (const c of t.aksClusters ?? []) if (c.spoke === t.spokes[k].name) c.spoke = name;
        t.spokes[k].name = name;
        return `spokes[${k}].name`;
      }),
  ],
  [
    "subnets of a spoke",
    (t, pick) => {
      const spokes: Mutable[] = t.spokes ?? [];
      for (let d = 0; d < spokes.length; d++) {
        const i = (pick + d) % spokes.length;
        const s = spokes[i];
        const path = renameToSameAddress((s.subnets ?? []).map((n: Mutable) => n.name), pick, NAME_RULES.subnet, (k, name) => {
          for (const c of t.aksClusters ?? []) if (c.spoke === s.name && c.subnet === s.subnets[k].name) c.subnet = name;
          s.subnets[k].name = name;
          return `spokes[${i}].subnets[${k}].name`;
        });
        if (path !== undefined) return path;
      }
      return undefined;
    },
  ],
  ["aksClusters", (t, pick) => renameToSameAddress((t.aksClusters ?? []).map((c: Mutable) => c.name), pick, NAME_RULES.short, (k, name) => ((t.aksClusters[k].name = name), `aksClusters[${k}].name`))],
  [
    "aksClusters subzones",
    (t, pick) => {
      // The generator sets a subzone only on clusters with a custom zone; one with privateDnsZone custom may get one.
      const clusters: Mutable[] = t.aksClusters ?? [];
      const custom = clusters.map((c, i) => (c.subzone !== undefined || c.privateDnsZone === "custom" ? (c.subzone ?? `z${i}`) : undefined));
      if (custom.filter((z) => z !== undefined).length < 2) return undefined;
      custom.forEach((z, i) => z !== undefined && (clusters[i].subzone = z));
      return renameToSameAddress(custom, pick, NAME_RULES.subzone, (k, name) => ((clusters[k].subzone = name), `aksClusters[${k}].subzone`));
    },
  ],
  ["aksPrivateAccess", (t, pick) => renameToSameAddress((t.aksPrivateAccess ?? []).map((a: Mutable) => a.name), pick, NAME_RULES.short, (k, name) => ((t.aksPrivateAccess[k].name = name), `aksPrivateAccess[${k}].name`))],
];

/** Names one past their maximum length; the same names at the maximum must be accepted. */
const TOO_LONG: Array<[string, NameSetter]> = [
  ["topology name", (t, _, rename) => ((t.name = rename(t.name, NAME_RULES.topology)), "name")],
  [
    "spoke name",
    (t, pick, rename) => {
      if (!t.spokes?.length) return undefined;
      const i = pick % t.spokes.length;
      const old = t.spokes[i].name;
      t.spokes[i].name = rename(old, NAME_RULES.short);
      for (const c of t.aksClusters ?? []) if (c.spoke === old) c.spoke = t.spokes[i].name;
      return `spokes[${i}].name`;
    },
  ],
  [
    "subnet name",
    (t, pick, rename) => {
      if (!t.spokes?.length) return undefined;
      const i = pick % t.spokes.length;
      const s = t.spokes[i];
      if (!s.subnets) s.subnets = [{ name: "workload", addressPrefix: s.addressSpace[0] }];
      const j = pick % s.subnets.length;
      const old = s.subnets[j].name;
      s.subnets[j].name = rename(old, NAME_RULES.subnet);
      for (const c of t.aksClusters ?? []) if (c.spoke === s.name && c.subnet === old) c.subnet = s.subnets[j].name;
      return `spokes[${i}].subnets[${j}].name`;
    },
  ],
  [
    "resource group name",
    (t, pick, rename) => {
      // Any of the fields that name a resource group.
      const owners: Array<[Mutable, string]> = [[t, "resourceGroup"]];
      (t.arcGateways ?? []).forEach((g: Mutable, i: number) => owners.push([g, `arcGateways[${i}].resourceGroup`]));
      (t.kubernetes?.clusters ?? []).forEach((c: Mutable, i: number) => owners.push([c, `kubernetes.clusters[${i}].resourceGroup`]));
      const [owner, path] = owners[pick % owners.length];
      owner.resourceGroup = { ...owner.resourceGroup, name: rename(owner.resourceGroup?.name ?? "rg-arc", NAME_RULES.resourceGroup) };
      return `${path}.name`;
    },
  ],
  ["machines resource group", (t, _, rename) => (t.privateLink ? ((t.privateLink.machinesResourceGroup = rename(t.privateLink.machinesResourceGroup ?? "rg-arc-servers", NAME_RULES.resourceGroup)), "privateLink.machinesResourceGroup") : undefined)],
  [
    "key vault name",
    (t, pick, rename) => {
      if (!t.arcGateways?.length) return undefined;
      const i = pick % t.arcGateways.length;
      const g = t.arcGateways[i];
      g.scenarios = [...new Set([...(g.scenarios ?? []), "keyVault"])];
      g.keyVaults = [...(g.keyVaults ?? []).slice(1), rename(g.keyVaults?.[0] ?? "kv-contoso", NAME_RULES.keyVault)];
      return `arcGateways[${i}].keyVaults[${g.keyVaults.length - 1}]`;
    },
  ],
  ["state storage account name", (t, _, rename) => ((t.backend = { ...azurermBackendOf(t), storageAccountName: rename(azurermBackendOf(t).storageAccountName, NAME_RULES.storage) }), "backend.storageAccountName")],
  ["state container name", (t, _, rename) => ((t.backend = { ...azurermBackendOf(t), containerName: rename(azurermBackendOf(t).containerName, NAME_RULES.container) }), "backend.containerName")],
  [
    "Terraform Cloud project",
    (t, _, rename) => ((t.backend = { ...(t.backend?.type === "cloud" ? t.backend : { type: "cloud", organization: "contoso" }), project: rename(t.backend?.project ?? "arc", NAME_RULES.project) }), "backend.project"),
  ],
];

/** The topology's azurerm backend, or a small one in its place. */
function azurermBackendOf(t: Mutable): Mutable {
  return t.backend?.type === "azurerm" ? t.backend : { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate" };
}

/** Breaks a valid topology in one of many ways. */
export function brokenTopology(files: GeneratedFiles): fc.Arbitrary<Breakage> {
  type Breaker = (t: Mutable, pick: number) => string | undefined;
  const breakers: Array<[string, Breaker, Breaker?]> = [
    ["unknown top-level field", (t) => ((t.hubb = {}), "hubb")],
    ["unknown nested field", (t) => (t.hub ? ((t.hub.gatway = { type: "vpn" }), "hub.gatway") : ((t.arcGateways[0].scenario = []), "arcGateways[0].scenario"))],
    ["missing name", (t) => (delete t.name, "name")],
    ["missing location", (t) => (delete t.location, "location")],
    ["wrong type: name", (t) => ((t.name = 42), "name")],
    ["wrong type: tags", (t) => ((t.tags = ["a"]), "tags")],
    ["bad region", (t) => ((t.location = "westeurop"), "location")],
    ["sovereign region", (t) => ((t.location = "usgovvirginia"), "location")],
    ["bad tag name", (t) => ((t.tags = { "a/b": "x" }), 'tags["a/b"]')],
    ["tag value too long", (t) => ((t.tags = { k: "v".repeat(257) }), "tags.k")],
    ["bad backend", (t) => ((t.backend = { type: "s3" }), "backend.type")],
    ["cdktf token marker in a tag", (t) => ((t.tags = { ...t.tags, marker: "cost ${TfToken[TOKEN.1]}" }), "tags.marker")],
    ["tag names in two casings", (t) => ((t.tags = { Owner: "a", owner: "b" }), "tags")],
    ["AKS service range larger than a /12", (t) => (t.aksClusters?.length ? ((t.aksClusters[0].serviceCidr = "10.224.0.0/11"), delete t.aksClusters[0].dnsServiceIp, "aksClusters[0].serviceCidr") : undefined)],
    ["proxy port out of range", (t) => (t.arcGateways?.length ? ((t.arcGateways[0].serverProxy = { url: "http://proxy.contoso.com:70000" }), "arcGateways[0].serverProxy.url") : undefined)],
    ["backend path with a template marker", (t) => ((t.backend = { type: "local", path: "state/${x}.tfstate" }), "backend.path")],
    ["azurerm backend: an upper-case storage account name", (t) => ((t.backend = { type: "azurerm", storageAccountName: "stContosoTfstate", containerName: "tfstate" }), "backend.storageAccountName")],
    ["azurerm backend: a state key over 1,024 characters", (t) => ((t.backend = { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", keyPrefix: "k".repeat(1024) }), "backend.keyPrefix")],
    ["azurerm backend: an access key", (t) => ((t.backend = { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", accessKey: "x" }), "backend.accessKey")],
    ["hub: host bits", (t) => (t.hub ? ((t.hub.addressSpace[0] = "10.0.0.1/22"), "hub.addressSpace[0]") : undefined)],
    ["hub: not a CIDR", (t) => (t.hub ? ((t.hub.addressSpace[0] = "10.0.0/22"), "hub.addressSpace[0]") : undefined)],
    ["hub: too small", (t) => (t.hub ? ((t.hub.addressSpace = ["10.17.0.0/25"]), "hub.addressSpace[0]") : undefined)],
    ["hub: resolver in the reserved range", (t) => (t.hub && t.hub.dnsResolver !== false ? ((t.hub.addressSpace = ["10.0.4.0/22"]), "hub.addressSpace[0]") : undefined)],
    ["hub: link-local range", (t) => (t.hub ? ((t.hub.addressSpace = [t.hub.addressSpace[0], "169.254.0.0/24"]), "hub.addressSpace[1]") : undefined)],
    ["spoke: multicast range", (t) => (t.spokes?.length ? ((t.spokes[0].addressSpace = ["224.0.0.0/24"]), "spokes[0].addressSpace[0]") : undefined)],
    ["spoke overlaps the hub", (t) => (t.spokes?.length ? ((t.spokes[0].addressSpace = [t.hub.addressSpace[0]]), "spokes[0].addressSpace[0]") : undefined)],
    ["spoke named hub", (t) => (t.spokes?.length ? ((t.spokes[0].name = "hub"), "spokes[0].name") : undefined)],
    ["two spokes, one name", (t) => (t.spokes?.length > 1 ? ((t.spokes[1].name = t.spokes[0].name), "spokes[1].name") : undefined)],
    ["too many spokes", (t) => (t.hub ? ((t.spokes = Array.from({ length: 501 }, (_, i) => ({ name: `p${i}`, addressSpace: [`10.${100 + (i >> 8)}.${i & 255}.0/24`] }))), "spokes") : undefined)],
    ["bad gateway SKU", (t) => (t.hub?.gateway ? ((t.hub.gateway.sku = "ErGwScale"), "hub.gateway.sku") : undefined)],
    ["zone id of another type", (t) => (t.privateLink?.dns?.mode === "existing" ? ((t.privateLink.dns.zoneIds[Object.keys(t.privateLink.dns.zoneIds)[0]] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"), "privateLink.dns.zoneIds") : undefined)],
    ["endpoint of the wrong type", (t) => (t.privateLink?.endpoints?.length ? ((t.privateLink.endpoints[0].type = t.privateLink.endpoints[0].type === "blob" ? "keyvault" : "blob"), "privateLink.endpoints[0].resourceId") : undefined)],
    ["endpoint subnet full", (t) => (t.hub && t.privateLink?.dns?.mode !== "policy" ? ((t.aksPrivateAccess = Array.from({ length: 60 }, (_, i) => ({ name: `x${i}`, clusterId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c${i}`, region: "westeurope", privateFqdn: `c${i}-1.2.privatelink.westeurope.azmk8s.io` }))), "aksPrivateAccess") : undefined)],
    ["AKS service CIDR in a reserved range", (t) => (t.aksClusters?.length ? ((t.aksClusters[0].serviceCidr = "172.30.0.0/16"), delete t.aksClusters[0].dnsServiceIp, "aksClusters[0].serviceCidr") : undefined)],
    ["AKS DNS service IP on the first address", (t) => (t.aksClusters?.length ? ((t.aksClusters[0].dnsServiceIp = t.aksClusters[0].serviceCidr.replace(/0\/16$/, "1")), "aksClusters[0].dnsServiceIp") : undefined)],
    ["request message too long", (t) => (t.aksPrivateAccess?.some((a: Mutable) => a.requestMessage) ? ((t.aksPrivateAccess.find((a: Mutable) => a.requestMessage).requestMessage = "é".repeat(71)), "aksPrivateAccess") : undefined)],
    ["six gateways in one subscription", (t) => (t.arcGateways?.length ? ((t.arcGateways = Array.from({ length: 6 }, (_, i) => ({ name: `g${i}`, subscriptionId: "00000000-0000-0000-0000-000000000000", hisRegionCode: "x" }))), delete t.kubernetes, "arcGateways[5]") : undefined)],
    ["machine in two gateways", (t) => (t.arcGateways?.length && t.arcGateways[0].machines?.length ? ((t.arcGateways = [...t.arcGateways, { name: "gwz", hisRegionCode: "x", machines: [t.arcGateways[0].machines[0].toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/").replace(/\/(RESOURCEGROUPS)\//, "/resourcegroups/")] }]), `arcGateways[${t.arcGateways.length - 1}].machines[0]`) : undefined)],
    ["scope in another region with a private-link cluster", (t) => (t.privateLink && t.kubernetes?.clusters?.some((c: Mutable) => !c.gateway) ? ((t.privateLink.location = t.location === "northeurope" ? "westeurope" : "northeurope"), "privateLink.location") : undefined)],
    ["fallback to internet in mode policy", (t) => (t.privateLink?.dns?.mode === "policy" ? ((t.privateLink.dns.fallbackToInternet = true), "privateLink.dns.fallbackToInternet") : undefined)],
    ["fallback for a zone the topology does not use", (t) => (t.privateLink && t.privateLink.dns?.mode !== "policy" ? ((t.privateLink.dns = { ...t.privateLink.dns, fallbackToInternet: false, fallbackToInternetZones: ["privatelink.example.invalid"] }), "privateLink.dns.fallbackToInternetZones[0]") : undefined)],
    ["forwarded domain that loops with an Azure zone", (t) => (t.onPremises?.dns && t.privateLink ? ((t.onPremises.dns.domains = [...t.onPremises.dns.domains, "arc.azure.com"]), `onPremises.dns.domains[${t.onPremises.dns.domains.length - 1}]`) : undefined)],
    ["seven target DNS servers", (t) => (t.onPremises?.dns ? ((t.onPremises.dns.servers = Array.from({ length: 7 }, (_, i) => `172.16.9.${i + 1}`)), "onPremises.dns.servers") : undefined)],
    ["forwarding without the hub resolver", (t) => (t.onPremises?.dns && t.hub && !t.privateLink && !t.aksClusters?.length && !t.aksPrivateAccess?.length ? ((t.hub.dnsResolver = false), (t.spokes ?? []).forEach((s: Mutable) => (s.dnsLinks = true)), "onPremises.dns") : undefined)],
    ["server in another region than the scope", (t) => (t.privateLink?.machines?.length ? ((t.privateLink.machines[0].location = (t.privateLink.location ?? t.location) === "northeurope" ? "westeurope" : "northeurope"), "privateLink.machines[0].location") : undefined)],
    ["server listed twice", (t) => (t.privateLink?.machines?.length ? (t.privateLink.machines.push({ id: t.privateLink.machines[0].id.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/").replace(/\/(RESOURCEGROUPS)\//, "/resourcegroups/") }), `privateLink.machines[${t.privateLink.machines.length - 1}].id`) : undefined)],
    ["existing cluster", (t) => (t.kubernetes?.clusters?.length ? ((t.kubernetes.clusters[0].existing = true), "kubernetes.clusters[0].existing") : undefined)],
    ["server proxy with credentials", (t) => (t.privateLink ? ((t.privateLink.serverProxy = { url: "http://user:secret@proxy:3128" }), "privateLink.serverProxy.url") : undefined)],
    ["proxy with credentials", (t) => (t.arcGateways?.length ? ((t.arcGateways[0].serverProxy = { url: "http://user:secret@proxy:3128" }), "arcGateways[0].serverProxy.url") : undefined)],
    ["skip range with a quote", (t) => (t.kubernetes?.clusters?.length ? ((t.kubernetes.clusters[0].proxy = { https: "http://proxy:3128", skipRange: [t.kubernetes.clusters[0].serviceCidr, '"x"'] }), "kubernetes.clusters[0].proxy.skipRange[1]") : undefined)],
    ["missing certificate file", (t) => (t.kubernetes?.clusters?.length ? ((t.kubernetes.clusters[0].proxy = { https: "http://proxy:3128", certificateFile: "no/such/ca.pem" }), "kubernetes.clusters[0].proxy.certificateFile") : undefined)],
    ["cluster connect with private link", (t) => (t.privateLink && t.kubernetes?.clusters?.length ? ((t.kubernetes.clusters[0].clusterConnect = { serviceAccount: { name: "a" } }), "kubernetes.clusters[0].clusterConnect") : undefined)],
    ["lower-case subscription segment with a bad GUID", (t) => (t.privateLink?.endpoints?.length ? ((t.privateLink.endpoints[0].resourceId = t.privateLink.endpoints[0].resourceId.replace(/\/subscriptions\/[^/]+/i, "/subscriptions/not-a-guid")), "privateLink.endpoints[0].resourceId") : undefined)],
    [
      "suppression with a reason one character short of ten",
      (t) => ((t.suppressions = [{ rule: "ARC-006", target: t.hub ? "hub" : "arcGateways[0]", reason: "too short" }]), "suppressions[0].reason"),
      (t) => ((t.suppressions = [{ rule: "ARC-006", target: t.hub ? "hub" : "arcGateways[0]", reason: "long enuf!" }]), "suppressions[0].reason"),
    ],
    ["suppression of an unknown rule", (t) => ((t.suppressions = [...(t.suppressions ?? []), { rule: "ARC-009", target: t.hub ? "hub" : "arcGateways[0]", reason: "a reason long enough" }]), `suppressions[${t.suppressions.length - 1}].rule`)],
    ["suppression of a field, not an entry", (t) => ((t.suppressions = [{ rule: "ARC-001", target: t.hub ? "hub.addressSpace" : "arcGateways[0].machines", reason: "a reason long enough" }]), "suppressions[0].target")],
    ...SAME_ADDRESS.map(([list, set]): [string, Breaker] => [`${list}: two names that give the same Terraform address`, set]),
    ...TOO_LONG.map(([field, set]): [string, Breaker, Breaker] => [`${field} one past its maximum length`, (t, pick) => set(t, pick, oneTooLong), (t, pick) => set(t, pick, atMaximum)]),
  ];
  return fc
    .record({ base: validTopology(files), which: fc.nat({ max: breakers.length - 1 }), pick: fc.nat() })
    .map(({ base: generated, which, pick }): Breakage => {
      // Suppressions that name construct paths name the topology and its gateways, which some breakers rename.
      const copy = clone(generated);
      if (copy.suppressions) copy.suppressions = copy.suppressions.filter((x: Mutable) => !x.target.includes("/") && !x.target.startsWith(`${copy.name}-`));
      const base = copy as TopologyInput;
      // The chosen breaker may not apply to this topology: try the next ones.
      for (let k = 0; k < breakers.length; k++) {
        const [kind, breakIt, atLimit] = breakers[(which + k) % breakers.length];
        const t = clone(base);
        const path = breakIt(t, pick);
        if (path === undefined) continue;
        if (!atLimit) return { kind, input: t, path };
        const limit = clone(base);
        atLimit(limit, pick);
        return { kind, input: t, path, atLimit: limit };
      }
      const t = clone(base);
      delete t.name;
      return { kind: "missing name", input: t, path: "name" };
    });
}

/** The parts of an ARM id: `/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>`. */
const idParts = (id: unknown) => (typeof id === "string" ? id.split("/") : []);
const idNames = (ids: unknown, type: string) => ((ids as unknown[] | undefined) ?? []).map(idParts).filter((p) => `${p[6]}/${p[7]}`.toLowerCase() === type.toLowerCase()).map((p) => p[8]);

/** Name-like fields whose generators reach the limits: the values of each in a topology, and its rule. */
const NAME_FIELDS = {
  "topology name": [NAME_RULES.topology, (t) => [t.name]],
  "spoke name": [NAME_RULES.short, (t) => (t.spokes ?? []).map((s: Mutable) => s.name)],
  "subnet name": [NAME_RULES.subnet, (t) => (t.spokes ?? []).flatMap((s: Mutable) => (s.subnets ?? []).map((n: Mutable) => n.name))],
  "resource group name": [NAME_RULES.resourceGroup, (t) => [t.resourceGroup?.name, t.privateLink?.machinesResourceGroup, ...(t.arcGateways ?? []).map((g: Mutable) => g.resourceGroup?.name), ...(t.kubernetes?.clusters ?? []).map((c: Mutable) => c.resourceGroup?.name)]],
  "resource group in an ARM id": [NAME_RULES.resourceGroup, (t) => [...JSON.stringify(t).matchAll(/"(\/[^"]*\/providers\/[^"]+)"/gi)].map((m) => idParts(m[1])[4])],
  "gateway name": [NAME_RULES.short, (t) => (t.arcGateways ?? []).map((g: Mutable) => g.name)],
  "AKS cluster name": [NAME_RULES.short, (t) => (t.aksClusters ?? []).map((c: Mutable) => c.name)],
  "AKS access name": [NAME_RULES.short, (t) => (t.aksPrivateAccess ?? []).map((a: Mutable) => a.name)],
  "Kubernetes cluster name": [NAME_RULES.short, (t) => (t.kubernetes?.clusters ?? []).map((c: Mutable) => c.name)],
  "key vault name": [NAME_RULES.keyVault, (t) => (t.arcGateways ?? []).flatMap((g: Mutable) => g.keyVaults ?? [])],
  dnsPrefix: [NAME_RULES.dnsPrefix, (t) => (t.aksClusters ?? []).map((c: Mutable) => c.dnsPrefix)],
  subzone: [NAME_RULES.subzone, (t) => (t.aksClusters ?? []).map((c: Mutable) => c.subzone)],
  "service account name": [NAME_RULES.dnsLabel, (t) => (t.kubernetes?.clusters ?? []).map((c: Mutable) => c.clusterConnect?.serviceAccount?.name)],
  "service account namespace": [NAME_RULES.dnsLabel, (t) => (t.kubernetes?.clusters ?? []).map((c: Mutable) => c.clusterConnect?.serviceAccount?.namespace)],
  "cluster role": [NAME_RULES.clusterRole, (t) => (t.kubernetes?.clusters ?? []).map((c: Mutable) => c.clusterConnect?.clusterRole)],
  "chart name": [NAME_RULES.dnsLabel, (t) => (t.kubernetes?.clusters ?? []).map((c: Mutable) => c.chart?.name)],
  "distribution or infrastructure": [NAME_RULES.armWord, (t) => (t.kubernetes?.clusters ?? []).flatMap((c: Mutable) => [c.distribution, c.infrastructure])],
  "his region code": [NAME_RULES.hisRegionCode, (t) => [t.privateLink?.hisRegionCode, ...(t.arcGateways ?? []).map((g: Mutable) => g.hisRegionCode)]],
  "Terraform Cloud organization": [NAME_RULES.organization, (t) => [t.backend?.organization]],
  "Terraform Cloud project": [NAME_RULES.project, (t) => [t.backend?.project]],
  "state storage account name": [NAME_RULES.storage, (t) => [t.backend?.storageAccountName]],
  "state container name": [NAME_RULES.container, (t) => [t.backend?.containerName]],
  "tag name": [NAME_RULES.tagName, (t) => Object.keys(t.tags ?? {})],
  "tag value": [NAME_RULES.tagValue, (t) => Object.values(t.tags ?? {})],
  "machine name in an ARM id": [NAME_RULES.machine, (t) => (t.arcGateways ?? []).flatMap((g: Mutable) => idNames(g.machines, "Microsoft.HybridCompute/machines"))],
  "connected cluster name in an ARM id": [NAME_RULES.connectedCluster, (t) => (t.arcGateways ?? []).flatMap((g: Mutable) => idNames((g.clusters ?? []).map((c: Mutable) => c.id), "Microsoft.Kubernetes/connectedClusters"))],
  "AKS cluster name in an ARM id": [NAME_RULES.managedCluster, (t) => idNames((t.aksPrivateAccess ?? []).map((a: Mutable) => a.clusterId), "Microsoft.ContainerService/managedClusters")],
  "key vault or storage account name in an ARM id": [NAME_RULES.vault, (t) => ["Microsoft.KeyVault/vaults", "Microsoft.Storage/storageAccounts"].flatMap((type) => idNames((t.privateLink?.endpoints ?? []).map((e: Mutable) => e.resourceId), type))],
  "automation account name in an ARM id": [NAME_RULES.automation, (t) => idNames((t.privateLink?.endpoints ?? []).map((e: Mutable) => e.resourceId), "Microsoft.Automation/automationAccounts")],
  "data collection endpoint name in an ARM id": [NAME_RULES.dataCollectionEndpoint, (t) => idNames(t.privateLink?.monitor?.linkedResourceIds, "Microsoft.Insights/dataCollectionEndpoints")],
  "ExpressRoute circuit name in an ARM id": [NAME_RULES.circuit, (t) => idNames([t.onPremises?.expressRoute?.circuitId], "Microsoft.Network/expressRouteCircuits")],
  "Log Analytics workspace name in an ARM id": [NAME_RULES.workspace, (t) => idNames(t.privateLink?.monitor?.linkedResourceIds, "Microsoft.OperationalInsights/workspaces")],
} satisfies Record<string, readonly [NameRule, (t: Mutable) => unknown[]]>;

type NameField = keyof typeof NAME_FIELDS;
const NAME_FEATURES = (Object.keys(NAME_FIELDS) as NameField[]).flatMap((field) => [`${field} at its maximum length`, `${field} at its minimum length`] as const);

/** Every feature label `features` can report: a run of the generator should see them all. */
export const FEATURES = [
  "hub",
  "gateway topology",
  "hub gateway vpn",
  "hub gateway expressroute",
  "no hub gateway",
  "vpn connection",
  "expressroute connection",
  "no resolver",
  "dns managed",
  "dns existing",
  "dns policy",
  "monitor",
  "endpoint keyvault",
  "endpoint blob",
  "endpoint automation",
  "spoke servers",
  "spoke kubernetes",
  "spoke none",
  "spoke dnsLinks",
  "spoke resolver",
  "spoke subnets",
  "aks custom",
  "aks System",
  "aks None",
  "aks access manual",
  "aks access automatic",
  "aks approval stack",
  "k8s private link",
  "k8s gateway",
  "k8s kubeconfig",
  "k8s token",
  "k8s proxy certificate",
  "k8s cluster connect",
  "gateway machines",
  "gateway clusters",
  ...["containerInsights", "keyVault", "azurePolicy", "defender", "dataServices", "clusterConnect"].map((s) => `scenario ${s}`),
  "backend local",
  "backend local path",
  "backend cloud",
  "backend cloud project",
  "backend azurerm",
  "backend azurerm optional fields",
  "backend azurerm longest key",
  "ARM id lower case",
  "ARM id upper case",
  "same name, other resource group or subscription",
  "marker ${",
  "marker %{",
  "marker backslash",
  "marker quote",
  "suppression of public access",
  "suppression of Open Monitor access",
  "suppression of a warning",
  "suppression by construct path",
  "unused suppression",
  ...NAME_FEATURES,
] as const;

/** The features a generated topology exercises (labels of `FEATURES`). */
export function features(input: TopologyInput): string[] {
  const t = input as Mutable;
  const f = new Set<string>();
  const add = (cond: unknown, label: (typeof FEATURES)[number]) => cond && f.add(label);
  add(t.hub && !t.arcGateways?.length, "hub");
  add(t.arcGateways?.length, "gateway topology");
  add(t.hub?.gateway?.type === "vpn", "hub gateway vpn");
  add(t.hub?.gateway?.type === "expressroute", "hub gateway expressroute");
  add(t.hub && !t.hub.gateway, "no hub gateway");
  add(t.onPremises?.vpn, "vpn connection");
  add(t.onPremises?.expressRoute, "expressroute connection");
  add(t.hub?.dnsResolver === false, "no resolver");
  const mode = t.privateLink ? (t.privateLink.dns?.mode ?? "managed") : undefined;
  add(mode === "managed", "dns managed");
  add(mode === "existing", "dns existing");
  add(mode === "policy", "dns policy");
  add(t.privateLink?.monitor, "monitor");
  for (const type of ["keyvault", "blob", "automation"] as const) add(t.privateLink?.endpoints?.some((e: Mutable) => e.type === type), `endpoint ${type}`);
  for (const s of t.spokes ?? []) {
    add((s.arcRules ?? "servers") === "servers", "spoke servers");
    add(s.arcRules === "kubernetes", "spoke kubernetes");
    add(s.arcRules === "none", "spoke none");
    add(s.dnsLinks, "spoke dnsLinks");
    add(!s.dnsLinks && t.hub?.dnsResolver !== false, "spoke resolver");
    add(s.subnets, "spoke subnets");
  }
  for (const c of t.aksClusters ?? []) {
    const spoke = (t.spokes ?? []).find((s: Mutable) => s.name === c.spoke);
    const zone = c.privateDnsZone ?? (!spoke?.dnsLinks && t.hub?.dnsResolver !== false ? "custom" : "System");
    add(zone === "custom", "aks custom");
    add(zone === "System", "aks System");
    add(zone === "None", "aks None");
  }
  for (const a of t.aksPrivateAccess ?? []) {
    add(a.requestMessage, "aks access manual");
    add(!a.requestMessage, "aks access automatic");
    add(a.approval, "aks approval stack");
  }
  for (const c of t.kubernetes?.clusters ?? []) {
    add(!c.gateway, "k8s private link");
    add(c.gateway, "k8s gateway");
    add(c.connection?.type !== "token", "k8s kubeconfig");
    add(c.connection?.type === "token", "k8s token");
    add(c.proxy?.certificateFile, "k8s proxy certificate");
    add(c.clusterConnect, "k8s cluster connect");
  }
  for (const g of t.arcGateways ?? []) {
    add(g.machines?.length, "gateway machines");
    add(g.clusters?.length, "gateway clusters");
    for (const s of g.scenarios ?? []) f.add(`scenario ${s}`);
  }
  add(!t.backend || t.backend.type === "local", "backend local");
  add(t.backend?.type === "local" && t.backend.path, "backend local path");
  add(t.backend?.type === "cloud", "backend cloud");
  add(t.backend?.type === "cloud" && t.backend.project, "backend cloud project");
  add(t.backend?.type === "azurerm", "backend azurerm");
  add(t.backend?.type === "azurerm" && t.backend.resourceGroupName && t.backend.subscriptionId && t.backend.tenantId, "backend azurerm optional fields");
  add(t.backend?.type === "azurerm" && t.backend.keyPrefix?.length === LONGEST_KEY_PREFIX, "backend azurerm longest key");
  const text = JSON.stringify(input);
  const ids = [...text.matchAll(/"(\/[^"]*\/providers\/[^"]+)"/gi)].map((m) => m[1]);
  add(ids.some((id) => id.includes("/resourcegroups/")), "ARM id lower case");
  add(ids.some((id) => id.includes("/RESOURCEGROUPS/")), "ARM id upper case");
  const byName = new Map<string, Set<string>>();
  for (const id of ids) {
    const parts = id.split("/");
    const key = `${parts[6]}/${parts[7]}/${parts[8]}`.toLowerCase();
    byName.set(key, (byName.get(key) ?? new Set()).add(id.toLowerCase()));
  }
  add([...byName.values()].some((s) => s.size > 1), "same name, other resource group or subscription");
  const free = JSON.stringify([t.tags, t.aksPrivateAccess, t.kubernetes, t.arcGateways]);
  add(free.includes("${"), "marker ${");
  add(free.includes("%{"), "marker %{");
  add(free.includes("\\\\"), "marker backslash");
  add(free.includes('\\"'), "marker quote");
  for (const s of t.suppressions ?? []) {
    add(s.rule === "ARC-001" && s.target === "privateLink", "suppression of public access");
    add(s.rule === "ARC-001" && s.target === "privateLink.monitor", "suppression of Open Monitor access");
    add(s.reason === ACCEPTED && s.rule !== "ARC-001", "suppression of a warning");
    add(s.target.includes("/") || s.target.startsWith(`${t.name}-`), "suppression by construct path");
    add(s.reason === UNUSED, "unused suppression");
  }
  for (const field of Object.keys(NAME_FIELDS) as NameField[]) {
    const [rule, values] = NAME_FIELDS[field];
    const lengths = values(t).flatMap((v: unknown) => (typeof v === "string" ? [v.length] : []));
    add(lengths.includes(rule.max), `${field} at its maximum length`);
    add(lengths.includes(rule.min), `${field} at its minimum length`);
  }
  return [...f];
}
