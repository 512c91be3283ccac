/**
 * The hand-off after apply (render/after-apply.ts): the hosts-file lines and
 * A records from `terraform output -json` of the connectivity stack
 * (a fixture of the default topology's outputs), and the one-line problems
 * for outputs that are not JSON, not Terraform's, not a connectivity
 * stack's or not this topology's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArcConnectivityError } from "../../lib/core";
import { afterApplyFiles, parseOutputs, recordsFromOutputs, TerraformOutputs } from "../../render/after-apply";
import { planTopology } from "../../topology/plan";
import { example, topology } from "../support/synth";

const FIXTURE = join(__dirname, "..", "fixtures", "contoso-connectivity.outputs.json");
const outputs = (): Record<string, { value: unknown }> => JSON.parse(readFileSync(FIXTURE, "utf8"));
const plan = () => planTopology(example("private-link.yaml"));
const SOURCE = { topologyFile: "examples/private-link.yaml", outputsFile: "outputs.json" };
const AKS = "aks-partner-3f2a1b4c.8d7e6f5a-1b2c-3d4e-5f6a-7b8c9d0e1f2a";
const RECORDS: Array<[string, string, string, string]> = [
  ["privatelink.his.arc.azure.com", "gbl", "10.0.0.4", "gbl.his.arc.azure.com"],
  ["privatelink.his.arc.azure.com", "weu", "10.0.0.5", "weu.his.arc.azure.com"],
  ["privatelink.guestconfiguration.azure.com", "agentserviceapi", "10.0.0.6", "agentserviceapi.guestconfiguration.azure.com"],
  ["privatelink.guestconfiguration.azure.com", "westeurope-gas", "10.0.0.7", "westeurope-gas.guestconfiguration.azure.com"],
  ["privatelink.dp.kubernetesconfiguration.azure.com", "westeurope", "10.0.0.8", "westeurope.dp.kubernetesconfiguration.azure.com"],
  ["privatelink.northeurope.azmk8s.io", AKS, "10.0.0.12", `${AKS}.privatelink.northeurope.azmk8s.io`],
];

/** The problem lines an after-apply run gives. */
function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (ArcConnectivityError.is(e)) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe("records from the connectivity stack's outputs", () => {
  it("the Arc endpoint's record sets (zone, name, IP; clients look up the public name) and the AKS endpoint's record (its private FQDN)", () => {
    const records = recordsFromOutputs(plan().hub!, parseOutputs(readFileSync(FIXTURE, "utf8"), "f"), "f");
    expect(records.map((r) => [r.zone, r.name, r.ip, r.lookup])).toEqual(RECORDS);
    expect(records.map((r) => r.what)).toEqual([...Array(5).fill("Arc private endpoint (scope pls-contoso-arc)"), "AKS API server partner (endpoint pe-contoso-aks-partner)"]);
  });

  it("FQDNs with a trailing dot, a record with two addresses and a repeated record", () => {
    const o = outputs();
    o.arc_private_endpoint_dns_record_sets.value = [
      { name: "gbl", fqdn: "gbl.privatelink.his.arc.azure.com.", ip_addresses: ["10.0.0.4", "10.0.0.9"], ttl: 10, type: "A" },
      { name: "gbl", fqdn: "gbl.privatelink.his.arc.azure.com", ip_addresses: ["10.0.0.4"], ttl: 10, type: "A" },
    ];
    const records = recordsFromOutputs(plan().hub!, o as TerraformOutputs, "f");
    expect(records.slice(0, 2).map((r) => [r.zone, r.name, r.ip, r.lookup])).toEqual([
      ["privatelink.his.arc.azure.com", "gbl", "10.0.0.4", "gbl.his.arc.azure.com"],
      ["privatelink.his.arc.azure.com", "gbl", "10.0.0.9", "gbl.his.arc.azure.com"],
    ]);
    expect(records).toHaveLength(3);
  });

  it("the files: hosts lines for Windows and Linux, the A records as Markdown with PowerShell and as CSV, each naming the topology, the stack and the outputs file", () => {
    const files = afterApplyFiles(plan(), outputs() as TerraformOutputs, SOURCE);
    expect(Object.keys(files)).toEqual(["hosts.windows.txt", "hosts.linux.txt", "dns-a-records.md", "dns-a-records.csv"]);
    const head = (where: string, how: string) => [
      `# Hosts-file lines for a single server that does not use DNS servers with the conditional forwarders: append them to ${where} (${how}).`,
      "# From topology examples/private-link.yaml, stack contoso-connectivity, outputs outputs.json (terraform output -json after apply). Written by arc-connectivity handoff.",
      "# Remove them when the server's DNS forwards to the hub resolver: a hosts file does not follow a re-created endpoint.",
      "# Not in the stack's outputs, so not here: the records of Azure Monitor (scope ampls-contoso), keyvault endpoint pe-contoso-keyvault-kv-contoso-arc, blob endpoint pe-contoso-blob-stcontososcripts, automation endpoint pe-contoso-automation-aa-contoso. Read them from each endpoint's DNS configuration (portal, or az network private-endpoint show -g rg-contoso-connectivity -n <endpoint> --query customDnsConfigs).",
      "# Private AKS cluster aks-contoso-ops: its API server's record is in its private zone (terraform output aks_clusters gives its private_fqdn).",
    ];
    const lines = [
      "# Arc private endpoint (scope pls-contoso-arc):",
      ...RECORDS.slice(0, 5).map(([, , ip, name]) => `${ip} ${name}`),
      "# AKS API server partner (endpoint pe-contoso-aks-partner):",
      `10.0.0.12 ${AKS}.privatelink.northeurope.azmk8s.io`,
      "",
    ];
    expect(files["hosts.windows.txt"]).toBe([...head("C:\\Windows\\System32\\drivers\\etc\\hosts", "as an administrator"), ...lines].join("\n"));
    expect(files["hosts.linux.txt"]).toBe([...head("/etc/hosts", "as root, e.g. sudo tee -a /etc/hosts < hosts.linux.txt"), ...lines].join("\n"));
    expect(files["dns-a-records.csv"]).toBe(["zone,name,ip,stack,topology", ...RECORDS.map(([z, n, ip]) => `${z},${n},${ip},contoso-connectivity,examples/private-link.yaml`), ""].join("\n"));
    const md = files["dns-a-records.md"];
    expect(md.split("\n").slice(0, 3)).toEqual([
      "# DNS: A records for a DNS server without conditional forwarders",
      "",
      "From topology `examples/private-link.yaml`, stack `contoso-connectivity`, outputs `outputs.json` (`terraform output -json` after apply). Written by `arc-connectivity handoff`.",
    ]);
    expect(md).toContain("| `privatelink.his.arc.azure.com` | `gbl` | 10.0.0.4 | `gbl.his.arc.azure.com` | Arc private endpoint (scope pls-contoso-arc) |\n");
    expect(md.split("\n").filter((l) => l.startsWith("Add-"))).toEqual([
      'Add-DnsServerPrimaryZone -Name "privatelink.his.arc.azure.com" -ZoneFile "privatelink.his.arc.azure.com.dns"',
      'Add-DnsServerPrimaryZone -Name "privatelink.guestconfiguration.azure.com" -ZoneFile "privatelink.guestconfiguration.azure.com.dns"',
      'Add-DnsServerPrimaryZone -Name "privatelink.dp.kubernetesconfiguration.azure.com" -ZoneFile "privatelink.dp.kubernetesconfiguration.azure.com.dns"',
      'Add-DnsServerPrimaryZone -Name "privatelink.northeurope.azmk8s.io" -ZoneFile "privatelink.northeurope.azmk8s.io.dns"',
      ...RECORDS.map(([z, n, ip]) => `Add-DnsServerResourceRecordA -ZoneName "${z}" -Name "${n}" -IPv4Address ${ip}`),
    ]);
  });

  it("no records (a zone group Azure Policy owns, still empty): the files say so", () => {
    const o = outputs();
    o.arc_private_endpoint_dns_record_sets.value = [];
    const t = example("private-link.yaml");
    const files = afterApplyFiles(planTopology({ ...t, aksPrivateAccess: [] }), o as TerraformOutputs, SOURCE);
    expect(files["hosts.linux.txt"].trimEnd().split("\n").pop()).toBe("# No records in the outputs: the endpoints' zone groups are empty (DNS owned by Azure Policy, or not created yet).");
    expect(files["dns-a-records.csv"]).toBe("zone,name,ip,stack,topology\n");
    expect(files["dns-a-records.md"]).not.toContain("```powershell");
  });
});

describe("outputs that cannot be used: one line each", () => {
  it("a value that is not an IPv4 address or a DNS name (a doctored file) is refused, never written into a hosts file or a script", () => {
    const doctored = outputs() as unknown as Record<string, { value: Array<{ ip_addresses: string[]; name: string }> }>;
    doctored.arc_private_endpoint_dns_record_sets.value[0].ip_addresses = ["10.0.0.4\nevil"];
    expect(() => recordsFromOutputs(plan().hub!, doctored as never, "o.json")).toThrow(/is not a list of record sets \(name and fqdn DNS names, ip_addresses IPv4 addresses\)/);
    const badName = outputs() as unknown as typeof doctored;
    badName.arc_private_endpoint_dns_record_sets.value[0].name = "gbl evil";
    expect(() => recordsFromOutputs(plan().hub!, badName as never, "o.json")).toThrow(/is not a list of record sets/);
  });

  it("outputs of another topology that names the same resource group are refused by the hub network's name", () => {
    const other = outputs() as unknown as Record<string, { value: string }>;
    other.hub_virtual_network_id.value = other.hub_virtual_network_id.value.replace("vnet-contoso-hub", "vnet-fabrikam-hub");
    expect(() => recordsFromOutputs(plan().hub!, other as never, "o.json")).toThrow(/come from another topology's stack: hub_virtual_network_id is not the network vnet-contoso-hub \(stack contoso-connectivity\)/);
  });

  const FIX = "Fix: run terraform output -json > FILE in the connectivity stack's folder (cdktf.out/stacks/<name>-connectivity) after terraform apply, and name that FILE";
  it("not JSON, or not what terraform output -json writes", () => {
    // Not the parser's message, which would quote the file's text.
    expect(problems(() => parseOutputs('{"token": "s3cret"', "out.json"))).toEqual([`--outputs: is not JSON; got "out.json". ${FIX}`]);
    for (const text of ["[]", "null", '"x"', '{"a": 1}', '{"a": {"type": "string"}}']) {
      expect(problems(() => parseOutputs(text, "out.json"))).toEqual([`--outputs: is not what terraform output -json writes (an object of outputs, each with a value); got "out.json". ${FIX}`]);
    }
  });

  it("no outputs, another stack's, another topology's, an earlier apply's", () => {
    expect(problems(() => recordsFromOutputs(plan().hub!, {}, "o.json"))).toEqual([`--outputs: holds no outputs: the stack is not applied yet, or the file comes from another folder; got "o.json". ${FIX}`]);
    const gateway = { arc_gateway_id: { value: "x" }, allowlist: { value: [] } };
    expect(problems(() => recordsFromOutputs(plan().hub!, gateway, "o.json"))).toEqual([
      `--outputs: is not the outputs of a connectivity stack: it has no resource_group_name, hub_virtual_network_id, conditional_forwarder_zones (it has allowlist, arc_gateway_id); got "o.json". ${FIX.replace("<name>-connectivity", "contoso-connectivity")}`,
    ]);
    const other = { ...outputs(), resource_group_name: { value: "rg-fabrikam-connectivity" } };
    expect(problems(() => recordsFromOutputs(plan().hub!, other, "o.json"))).toEqual([
      '--outputs: come from another topology\'s stack: resource_group_name is not rg-contoso-connectivity (stack contoso-connectivity); got "rg-fabrikam-connectivity". Fix: name the topology file the stack was synthesized from (TOPOLOGY), or the outputs of its stack',
    ]);
    const { arc_private_endpoint_dns_record_sets: _sets, ...withoutSets } = outputs();
    expect(problems(() => recordsFromOutputs(plan().hub!, withoutSets, "o.json"))).toEqual([
      '--outputs: has no arc_private_endpoint_dns_record_sets, and the topology has private link: the outputs come from an apply of another topology, or of an earlier one; got "o.json". Fix: apply contoso-connectivity as synthesized now, then run terraform output -json again',
    ]);
    const badSets = { ...outputs(), arc_private_endpoint_dns_record_sets: { value: [{ name: "gbl" }] } };
    expect(problems(() => recordsFromOutputs(plan().hub!, badSets, "o.json"))).toEqual([
      `--outputs arc_private_endpoint_dns_record_sets: is not a list of record sets (name and fqdn DNS names, ip_addresses IPv4 addresses); got [{"name":"gbl"}]. ${FIX.replace("<name>-connectivity", "contoso-connectivity")}`,
    ]);
    const noAks = { ...outputs(), aks_private_endpoints: { value: {} } };
    expect(problems(() => recordsFromOutputs(plan().hub!, noAks, "o.json"))).toEqual([
      "--outputs aks_private_endpoints: has no private_ip (an IPv4 address) and fqdn (a DNS name) for partner, an aksPrivateAccess entry of the topology; got {}. Fix: apply contoso-connectivity as synthesized now, then run terraform output -json again",
    ]);
  });

  it("a topology without a hub has no connectivity stack", () => {
    const gateways = planTopology(topology({ hub: undefined, privateLink: undefined, spokes: [], onPremises: undefined, location: "eastus", arcGateways: [{ name: "g1" }] } as never));
    expect(problems(() => afterApplyFiles(gateways, outputs() as TerraformOutputs, { topologyFile: "gw.yaml", outputsFile: "o.json" }))).toEqual([
      'TOPOLOGY: has no hub, so no connectivity stack whose outputs give hosts-file lines and A records; got "gw.yaml". Fix: name the topology file with the hub (handoff reads the outputs of its <name>-connectivity stack)',
    ]);
  });
});
