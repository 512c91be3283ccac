/**
 * The hand-off after apply (`arc-connectivity handoff --outputs FILE`): from
 * `terraform output -json` of the connectivity stack, the hosts-file lines
 * of the single-server scenario (Windows and Linux) and the A records for a
 * DNS server without conditional forwarders (zone, name, IP).
 *
 * The records come from the stack's outputs: the Arc endpoint's record sets
 * (`arc_private_endpoint_dns_record_sets`: name, fqdn, ip_addresses per
 * record Azure created in its zone group) and the AKS API-server endpoints
 * (`aks_private_endpoints`: private_ip and the FQDN its A record serves).
 * The other endpoints' records are not outputs; the files say where to
 * read them.
 */
import { isIpv4Address } from "../lib/core/cidr";
import { ArcConnectivityError, problem } from "../lib/core/errors";
import { resourceName } from "../lib/core/naming";
import type { HubStackPlan, Plan } from "../topology/plan";
import { code, comment, csv, markdownTable } from "./text";

/** The files `handoff` writes, in order. */
export const AFTER_APPLY_FILES = {
  windowsHosts: "hosts.windows.txt",
  linuxHosts: "hosts.linux.txt",
  records: "dns-a-records.md",
  recordsCsv: "dns-a-records.csv",
} as const;

/** What `terraform output -json` writes: each output's value (and its sensitivity and type). */
export type TerraformOutputs = Readonly<Record<string, { readonly value: unknown; readonly sensitive?: boolean }>>;

/** Outputs every connectivity stack has (stacks/hub-spoke-stack.ts). */
const HUB_OUTPUTS = ["resource_group_name", "hub_virtual_network_id", "conditional_forwarder_zones"] as const;

/** One A record, and the name a hosts file gives it. */
export interface ARecord {
  /** The private zone (`privatelink.his.arc.azure.com`). */
  readonly zone: string;
  /** The record's name in the zone (`gbl`). */
  readonly name: string;
  readonly ip: string;
  /** The name clients look up: the public one that Azure's public DNS points at the private zone (`gbl.his.arc.azure.com`); for AKS, the private FQDN itself. */
  readonly lookup: string;
  /** What the record is for. */
  readonly what: string;
}

/** How to get the file `--outputs` names. */
export const OUTPUTS_FIX = "run terraform output -json > FILE in the connectivity stack's folder (cdktf.out/stacks/<name>-connectivity) after terraform apply, and name that FILE";
const FIX = OUTPUTS_FIX;

/**
 * Parses `terraform output -json`. `shown` names the file in messages.
 * @throws ArcConnectivityError (path `--outputs`) when it is not JSON, or not an object of outputs each with a `value`
 */
export function parseOutputs(text: string, shown: string): TerraformOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file's text, which may hold what the outputs hold.
    throw new ArcConnectivityError(problem("--outputs", shown, "is not JSON", FIX));
  }
  const isOutput = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && "value" in v;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every(isOutput)) {
    throw new ArcConnectivityError(problem("--outputs", shown, "is not what terraform output -json writes (an object of outputs, each with a value)", FIX));
  }
  return parsed as TerraformOutputs;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** A record set as the azurerm provider reports it in `private_dns_zone_configs[*].record_sets`. */
interface RecordSet {
  readonly name: string;
  readonly fqdn: string;
  readonly ip_addresses: readonly string[];
}

/** A DNS name (labels of letters, digits, `-`, `_`, an optional trailing dot): what goes into hosts files and PowerShell lines as it is. */
const isDnsName = (v: unknown): v is string => typeof v === "string" && /^[A-Za-z0-9_*](?:[A-Za-z0-9_-]*)(?:\.[A-Za-z0-9_-]+)*\.?$/.test(v) && v.length <= 253;

// Every value written into the files is checked: a doctored outputs file must not put lines into a hosts file or a script.
const isRecordSet = (v: unknown): v is RecordSet => {
  const r = v as Partial<RecordSet> | null;
  return typeof r === "object" && r !== null && isDnsName(r.name) && isDnsName(r.fqdn) && isStringList(r.ip_addresses) && r.ip_addresses.every(isIpv4Address);
};

/** The zone of a record: its FQDN without its name (without a trailing dot). */
function zoneOf(fqdn: string, name: string): string {
  const f = fqdn.replace(/\.$/, "");
  return f.toLowerCase().startsWith(`${name.toLowerCase()}.`) ? f.slice(name.length + 1) : f.split(".").slice(1).join(".");
}

/**
 * The A records of the stack's outputs, checked against the plan of the
 * topology they should come from.
 * @throws ArcConnectivityError (path `--outputs`) when they are not a connectivity stack's, or not this topology's
 */
export function recordsFromOutputs(hub: HubStackPlan, outputs: TerraformOutputs, shown: string): ARecord[] {
  const names = Object.keys(outputs);
  if (names.length === 0) throw new ArcConnectivityError(problem("--outputs", shown, "holds no outputs: the stack is not applied yet, or the file comes from another folder", FIX));
  const missing = HUB_OUTPUTS.filter((o) => !(o in outputs));
  if (missing.length > 0) {
    throw new ArcConnectivityError(problem("--outputs", shown, `is not the outputs of a connectivity stack: it has no ${missing.join(", ")} (it has ${names.sort().join(", ")})`, FIX.replace("<name>-connectivity", hub.stackName)));
  }
  const group = outputs.resource_group_name.value;
  if (group !== hub.resourceGroup.name) {
    throw new ArcConnectivityError(problem("--outputs", group, `come from another topology's stack: resource_group_name is not ${hub.resourceGroup.name} (stack ${hub.stackName})`, "name the topology file the stack was synthesized from (TOPOLOGY), or the outputs of its stack"));
  }
  // Two topologies may name one resource group: the hub network's name is the topology's own.
  const network = outputs.hub_virtual_network_id.value;
  const hubNetwork = resourceName("virtualNetwork", hub.hub.name, "hub");
  if (typeof network !== "string" || !network.toLowerCase().endsWith(`/virtualnetworks/${hubNetwork.toLowerCase()}`)) {
    throw new ArcConnectivityError(problem("--outputs", network, `come from another topology's stack: hub_virtual_network_id is not the network ${hubNetwork} (stack ${hub.stackName})`, "name the topology file the stack was synthesized from (TOPOLOGY), or the outputs of its stack"));
  }
  const records: ARecord[] = [];
  const add = (r: ARecord) => {
    if (!records.some((x) => x.zone === r.zone && x.name === r.name && x.ip === r.ip)) records.push(r);
  };
  const pl = hub.privateLink;
  if (pl) {
    const sets = outputs.arc_private_endpoint_dns_record_sets?.value;
    if (sets === undefined) {
      throw new ArcConnectivityError(problem("--outputs", shown, `has no arc_private_endpoint_dns_record_sets, and the topology has private link: the outputs come from an apply of another topology, or of an earlier one`, `apply ${hub.stackName} as synthesized now, then run terraform output -json again`));
    }
    if (!Array.isArray(sets) || !sets.every(isRecordSet)) {
      throw new ArcConnectivityError(problem("--outputs arc_private_endpoint_dns_record_sets", sets, "is not a list of record sets (name and fqdn DNS names, ip_addresses IPv4 addresses)", FIX.replace("<name>-connectivity", hub.stackName)));
    }
    for (const s of sets) {
      const zone = zoneOf(s.fqdn, s.name);
      const lookup = zone.startsWith("privatelink.") ? `${s.name}.${zone.slice("privatelink.".length)}` : `${s.name}.${zone}`;
      for (const ip of s.ip_addresses) add({ zone, name: s.name, ip, lookup, what: `Arc private endpoint (scope ${pl.scopeName})` });
    }
  }
  if (hub.aksEndpoints.length > 0) {
    const value = outputs.aks_private_endpoints?.value as Record<string, { private_ip?: unknown; fqdn?: unknown }> | undefined;
    for (const a of hub.aksEndpoints) {
      const e = value?.[a.name];
      if (!e || typeof e.private_ip !== "string" || !isIpv4Address(e.private_ip) || !isDnsName(e.fqdn)) {
        throw new ArcConnectivityError(problem("--outputs aks_private_endpoints", value, `has no private_ip (an IPv4 address) and fqdn (a DNS name) for ${a.name}, an aksPrivateAccess entry of the topology`, `apply ${hub.stackName} as synthesized now, then run terraform output -json again`));
      }
      const fqdn = e.fqdn.replace(/\.$/, "");
      const zone = fqdn.toLowerCase().endsWith(`.${a.zoneName}`) ? a.zoneName : zoneOf(fqdn, fqdn.split(".")[0]);
      add({ zone, name: fqdn.slice(0, fqdn.length - zone.length - 1), ip: e.private_ip, lookup: fqdn, what: `AKS API server ${a.name} (endpoint ${a.endpointName})` });
    }
  }
  return records;
}

/** What the outputs do not hold: the other endpoints and the private AKS clusters, in words. */
function notInOutputs(hub: HubStackPlan): string[] {
  const pl = hub.privateLink;
  const others = [...(pl?.monitor ? [`Azure Monitor (scope ${pl.monitor.name})`] : []), ...(pl?.endpoints ?? []).map((e) => `${e.type} endpoint ${e.name}`)];
  return [
    ...(others.length > 0
      ? [`Not in the stack's outputs, so not here: the records of ${others.join(", ")}. Read them from each endpoint's DNS configuration (portal, or az network private-endpoint show -g ${hub.resourceGroup.name} -n <endpoint> --query customDnsConfigs).`]
      : []),
    ...hub.aksClusters.map((c) => `Private AKS cluster ${c.clusterName}: its API server's record is in its private zone (terraform output aks_clusters gives its private_fqdn).`),
  ];
}

/** Where the records came from, for every file's head. */
export interface AfterApplySource {
  readonly topologyFile: string;
  /** The outputs file as the user named it. */
  readonly outputsFile: string;
}

function hostsFile(hub: HubStackPlan, records: readonly ARecord[], source: AfterApplySource, where: string, how: string): string {
  const byWhat = [...new Set(records.map((r) => r.what))];
  return [
    comment("#", [
      `Hosts-file lines for a single server that does not use DNS servers with the conditional forwarders: append them to ${where} (${how}).`,
      `From topology ${source.topologyFile}, stack ${hub.stackName}, outputs ${source.outputsFile} (terraform output -json after apply). Written by arc-connectivity handoff.`,
      "Remove them when the server's DNS forwards to the hub resolver: a hosts file does not follow a re-created endpoint.",
      ...notInOutputs(hub),
    ]),
    ...byWhat.flatMap((what) => [comment("#", [`${what}:`]), ...records.filter((r) => r.what === what).map((r) => `${r.ip} ${r.lookup}`)]),
    ...(records.length === 0 ? [comment("#", ["No records in the outputs: the endpoints' zone groups are empty (DNS owned by Azure Policy, or not created yet)."])] : []),
    "",
  ].join("\n");
}

function recordsMarkdown(hub: HubStackPlan, records: readonly ARecord[], source: AfterApplySource): string {
  const zones = [...new Set(records.map((r) => r.zone))];
  return [
    "# DNS: A records for a DNS server without conditional forwarders",
    "",
    `From topology ${code(source.topologyFile)}, stack ${code(hub.stackName)}, outputs ${code(source.outputsFile)} (\`terraform output -json\` after apply). Written by \`arc-connectivity handoff\`.`,
    "",
    "Where an on-premises DNS server cannot forward to the hub resolver (dns-forwarders.md), create these zones on it and these A records in them. The public names (e.g. `gbl.his.arc.azure.com`) are aliases (CNAME) of the `privatelink` names in Azure's public DNS, so a server that resolves internet names and holds these zones answers with the private addresses. Update the records when an endpoint is re-created.",
    "",
    ...notInOutputs(hub).flatMap((n) => [n, ""]),
    records.length === 0
      ? "No records in the outputs: the endpoints' zone groups are empty (DNS owned by Azure Policy, or not created yet)."
      : markdownTable(["zone", "name", "IP", "clients look up", "for"], records.map((r) => [code(r.zone), code(r.name), r.ip, code(r.lookup), r.what])),
    "",
    ...(records.length === 0
      ? []
      : [
          `Windows DNS Server (PowerShell, as an administrator); the same as CSV: ${code(AFTER_APPLY_FILES.recordsCsv)}.`,
          "",
          "```powershell",
          "# A server in an Active Directory domain: -ReplicationScope Forest instead of -ZoneFile.",
          "# Creating a zone makes this server answer for the whole zone: a name of it that is not listed here",
          "# (another private AKS cluster of the region, an Arc machine outside the scope) stops resolving for its clients.",
          ...zones.map((z) => `Add-DnsServerPrimaryZone -Name "${z}" -ZoneFile "${z}.dns"`),
          ...records.map((r) => `Add-DnsServerResourceRecordA -ZoneName "${r.zone}" -Name "${r.name}" -IPv4Address ${r.ip}`),
          "```",
          "",
        ]),
  ].join("\n");
}

/**
 * The after-apply files (names as in `AFTER_APPLY_FILES`) of the plan's
 * connectivity stack, from its outputs.
 * @throws ArcConnectivityError when the plan has no hub, or the outputs are not its stack's
 */
export function afterApplyFiles(plan: Plan, outputs: TerraformOutputs, source: AfterApplySource): Record<string, string> {
  const hub = plan.hub;
  if (!hub) {
    throw new ArcConnectivityError(problem("TOPOLOGY", source.topologyFile, "has no hub, so no connectivity stack whose outputs give hosts-file lines and A records", "name the topology file with the hub (handoff reads the outputs of its <name>-connectivity stack)"));
  }
  const records = recordsFromOutputs(hub, outputs, source.outputsFile);
  return {
    [AFTER_APPLY_FILES.windowsHosts]: hostsFile(hub, records, source, "C:\\Windows\\System32\\drivers\\etc\\hosts", "as an administrator"),
    [AFTER_APPLY_FILES.linuxHosts]: hostsFile(hub, records, source, "/etc/hosts", "as root, e.g. sudo tee -a /etc/hosts < hosts.linux.txt"),
    [AFTER_APPLY_FILES.records]: recordsMarkdown(hub, records, source),
    [AFTER_APPLY_FILES.recordsCsv]: csv(["zone", "name", "ip", "stack", "topology"], records.map((r) => [r.zone, r.name, r.ip, hub.stackName, source.topologyFile])),
  };
}
