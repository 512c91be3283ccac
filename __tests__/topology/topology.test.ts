import { exactly } from "../support/errors";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { JSON_SCHEMA_FILE, renderJsonSchema } from "../../scripts/write-json-schema";
import { loadTopology, parseTopologyText, validateTopology } from "../../topology/load";
import { neededForwarders, neededZones } from "../../topology/facts";
import { EXAMPLES, topology, topologyInput, problemLines } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const zoneId = (z: string) => `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;

/** The problem lines a topology produces; [] when valid. */
const problems = problemLines;

describe("topology schema", () => {
  it("fills the documented defaults", () => {
    const t = validateTopology({ name: "contoso", location: "westeurope", onPremises: { addressSpace: ["172.16.0.0/16"] }, hub: { addressSpace: ["10.0.0.0/24"] }, privateLink: {}, spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"] }] });
    expect(t.backend).toEqual({ type: "local" });
    expect(t.tags).toEqual({});
    expect(t.hub?.dnsResolver).toBe(true);
    expect(t.privateLink).toEqual({ publicNetworkAccess: false, dns: { mode: "managed", zoneIds: {}, fallbackToInternet: false, fallbackToInternetZones: [] }, endpoints: [], machines: [] });
    expect(t.spokes[0]).toEqual({ name: "a", addressSpace: ["10.1.0.0/24"], arcRules: "servers", dnsLinks: false });
    expect(validateTopology(topologyInput({ backend: { type: "cloud", organization: "o" } })).backend).toEqual({ type: "cloud", organization: "o", workspacePrefix: "", hostname: "app.terraform.io" });
  });

  it("fails on unknown fields, naming the path and the likely field", () => {
    expect(problems(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gatway: { type: "vpn" } } as never }))).toEqual([
      'hub.gatway: unknown field (a typo is never ignored); allowed here: addressSpace, gateway, dnsResolver. Fix: did you mean "gateway"?',
    ]);
    expect(problems({ ...topologyInput(), spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"], dnslinks: true }] })).toEqual([
      'spokes[0].dnslinks: unknown field (a typo is never ignored); allowed here: name, addressSpace, subnets, arcRules, dnsLinks. Fix: did you mean "dnsLinks"?',
    ]);
    expect(problems({ ...topologyInput(), backend: { type: "cloud", organization: "o", workspace: "x" } })).toEqual(["backend.workspace: unknown field (a typo is never ignored); allowed here: type, organization, workspacePrefix, hostname, project. Fix: remove it"]);
  });

  it.each([
    [{ name: "Contoso" }, `name: a name is 2-20 of a-z, 0-9 and '-', not starting or ending with '-'; got "Contoso". Fix: e.g. contoso`],
    [{ name: "a-very-long-name-over-20" }, `name: a name is 2-20 of a-z, 0-9 and '-', not starting or ending with '-'; got "a-very-long-name-over-20". Fix: e.g. contoso`],
    [{ location: "West Europe" }, 'location: must be an Azure region name (lower case, no spaces, as `az account list-locations` prints it); got "West Europe". Fix: did you mean "westeurope"?'],
    [{ location: "moon" }, 'location: must be an Azure region name (lower case, no spaces, as `az account list-locations` prints it); got "moon". Fix: e.g. westeurope or eastus2'],
    [{ subscriptionId: "abc" }, 'subscriptionId: must be a subscription id (a GUID); got "abc". Fix: e.g. 00000000-0000-0000-0000-000000000000, or leave it out to use the environment\'s'],
    [{ backend: { type: "s3" } }, 'backend.type: backend.type is local, cloud or azurerm; got "s3". Fix: set type: local, type: cloud or type: azurerm'],
    [{ hub: { addressSpace: ["10.0.0.1/22"] } }, 'hub.addressSpace[0]: has host bits set: the network is 10.0.0.0/22; got "10.0.0.1/22". Fix: write the network address: 10.0.0.0/22'],
    [{ hub: { addressSpace: [] } }, "hub.addressSpace: needs at least one address range; got []. Fix: add one, e.g. [10.1.0.0/24]"],
    [{ onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "vpn.contoso.com" } } }, 'onPremises.vpn.gatewayAddress: must be the public IPv4 address of the on-premises VPN device; got "vpn.contoso.com". Fix: e.g. 203.0.113.10'],
    [{ spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"], arcRules: "windows" }] }, 'spokes[0].arcRules: arcRules is servers, kubernetes or none; got "windows". Fix: pick one'],
    [{ privateLink: { endpoints: [{ type: "keyvault", resourceId: `/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/st` }] } }, `privateLink.endpoints[0].resourceId: a keyvault endpoint targets a Microsoft.KeyVault/vaults resource, not Microsoft.Storage/storageAccounts; got "/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/st". Fix: fix the type or the id`],
    [{ backend: { type: "cloud", organization: "" } }, `backend.organization: a Terraform Cloud organization name is 1-64 of letters, digits, '-' and '_'; got "". Fix: copy it from the organization's settings`],
    [{ tags: { "": "x" } }, 'tags[""]: a tag name is 1-512 characters; got "". Fix: rename it'],
    [{ tags: { owner: "x".repeat(257) } }, `tags.owner: a tag value has at most 256 characters; got "${"x".repeat(120)}"... (257 characters). Fix: shorten it`],
    [{ spokes: "app1" }, 'spokes: must be an array; got "app1". Fix: write an array'],
  ])("fails on a bad field: %j", (override, line) => {
    expect(problems(topologyInput(override as never))).toEqual([line]);
  });

  it("fails when a required field is missing", () => {
    const { name: _name, ...rest } = topologyInput();
    expect(problems(rest)).toEqual(["name: is required (a string). Fix: add it"]);
  });
});

describe("topology rules (documented limits)", () => {
  it("fails when address spaces overlap anywhere: hub, spokes, on-premises", () => {
    expect(
      problems(topologyInput({ onPremises: { addressSpace: ["10.0.0.0/15"] }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" } }, spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"] }, { name: "b", addressSpace: ["10.1.0.128/25"] }] })),
    ).toEqual([
      "hub.addressSpace[0]: overlaps onPremises.addressSpace[0] (10.0.0.0/15); hub, spokes and on-premises ranges must be disjoint for peering and routing; got \"10.0.0.0/22\". Fix: give each network its own range",
      "spokes[0].addressSpace[0]: overlaps onPremises.addressSpace[0] (10.0.0.0/15); hub, spokes and on-premises ranges must be disjoint for peering and routing; got \"10.1.0.0/24\". Fix: give each network its own range",
      "spokes[1].addressSpace[0]: overlaps onPremises.addressSpace[0] (10.0.0.0/15); hub, spokes and on-premises ranges must be disjoint for peering and routing; got \"10.1.0.128/25\". Fix: give each network its own range",
      "spokes[1].addressSpace[0]: overlaps spokes[0].addressSpace[0] (10.1.0.0/24); hub, spokes and on-premises ranges must be disjoint for peering and routing; got \"10.1.0.128/25\". Fix: give each network its own range",
    ]);
  });

  it("fails when there is nothing to build, or private link and spokes have no hub", () => {
    expect(problems({ name: "cc", location: "westeurope" })).toEqual([
      "(file): a topology builds a hub (private link) or Arc gateways, and this one has neither. Fix: add hub (with privateLink) or arcGateways",
    ]);
    const { hub: _hub, onPremises: _op, ...noHub } = topologyInput();
    expect(problems(noHub)).toEqual([
      "(file): a topology builds a hub (private link) or Arc gateways, and this one has neither. Fix: add hub (with privateLink) or arcGateways",
      'privateLink: the Arc Private Link Scope\'s endpoint lives in the hub, and there is no hub; got "privateLink". Fix: add hub: { addressSpace: [...] }',
      "spokes: spokes peer with the hub, and there is no hub; got 1. Fix: add hub: { addressSpace: [...] } or remove spokes",
    ]);
  });

  it("fails when the hub is smaller than the fixed layout", () => {
    expect(problems(topologyInput({ hub: { addressSpace: ["10.0.0.0/25", "10.0.1.0/24"], gateway: { type: "vpn" } } }))).toEqual([
      'hub.addressSpace[0]: the fixed hub layout needs a /24 or larger (endpoints .0/26, GatewaySubnet .64/27, resolver .96/28 and .112/28); got "10.0.0.0/25". Fix: use a /24 or larger',
    ]);
  });

  it("fails when a subnet lies outside its spoke", () => {
    expect(problems(topologyInput({ spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"], subnets: [{ name: "w", addressPrefix: "10.1.1.0/24" }] }] }))).toEqual([
      'spokes[0].subnets[0].addressPrefix: the subnet lies outside the network\'s address space (10.1.0.0/24); got "10.1.1.0/24". Fix: pick a prefix inside the address space or widen the address space',
    ]);
  });

  it("fails when spoke names collide", () => {
    expect(problems(topologyInput({ spokes: [{ name: "app", addressSpace: ["10.1.0.0/24"] }, { name: "app", addressSpace: ["10.2.0.0/24"] }] }))).toEqual([
      'spokes[1].name: spoke names are unique (also spokes[0]); they name the networks; got "app". Fix: rename one of them',
    ]);
  });

  it("fails when the on-premises connection does not match the gateway, or there is no gateway", () => {
    expect(problems(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute" } } }))).toEqual([
      'onPremises.vpn: a site-to-site VPN needs hub.gateway.type vpn (hub.gateway is expressroute); got {"gatewayAddress":"203.0.113.10"}. Fix: set hub.gateway: { type: vpn } or remove onPremises.vpn',
    ]);
    const er = { circuitId: `/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.Network/expressRouteCircuits/er1` };
    expect(problems(topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], expressRoute: er }, hub: { addressSpace: ["10.0.0.0/22"] } }))).toEqual([
      `onPremises.expressRoute: an ExpressRoute connection needs hub.gateway.type expressroute (hub.gateway is not set); got {"circuitId":"${er.circuitId}"}. Fix: set hub.gateway: { type: expressroute } or remove onPremises.expressRoute`,
    ]);
    expect(problems(topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" }, expressRoute: er } }))).toEqual([
      'onPremises: the hub has one gateway, so on-premises connects by vpn or expressRoute, not both; got ["vpn","expressRoute"]. Fix: keep one of them',
      `onPremises.expressRoute: an ExpressRoute connection needs hub.gateway.type expressroute (hub.gateway is vpn); got {"circuitId":"${er.circuitId}"}. Fix: set hub.gateway: { type: expressroute } or remove onPremises.expressRoute`,
    ]);
  });

  it("fails when the gateway SKU does not fit its type", () => {
    expect(problems(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn", sku: "ErGw1AZ" } } }))).toEqual([
      'hub.gateway.sku: is not a SKU azurerm 4.55 accepts for a gateway of type vpn (VpnGw1, VpnGw2, VpnGw3, VpnGw4, VpnGw5, VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ); got "ErGw1AZ". Fix: use one of them, e.g. VpnGw1AZ',
    ]);
  });

  it("fails when a spoke has neither zone links nor a hub resolver", () => {
    expect(problems(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" }, dnsResolver: false } }))).toEqual([
      "spokes[0].dnsLinks: a spoke without zone links resolves private endpoints through the hub resolver, and hub.dnsResolver is false; got false. Fix: set dnsLinks: true or hub.dnsResolver: true",
    ]);
  });

  it("fails when a zone would get more than 1,000 virtual network links", () => {
    const spokes = Array.from({ length: 1000 }, (_, i) => ({ name: `s${i}`, addressSpace: [`10.${100 + Math.floor(i / 64)}.${(i % 64) * 4}.0/22`], dnsLinks: true }));
    expect(problems(topologyInput({ spokes }))).toEqual([
      "spokes: the hub peers with every spoke, and a virtual network has at most 500 peerings (Azure limit); got 1000. Fix: spread the spokes over more hubs (one topology file each)",
      "spokes: each private DNS zone would get 1001 virtual network links (hub + spokes with dnsLinks); Azure allows 1000; got 1001. Fix: set dnsLinks: false on some spokes: they then use the hub resolver",
    ]);
  });

  it("mode existing: every needed zone by id, nothing else, ids that name their zone", () => {
    const arc = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"];
    const ok = Object.fromEntries(arc.map((z) => [z, zoneId(z)]));
    expect(problems(topologyInput({ privateLink: { dns: { mode: "existing", zoneIds: ok } } }))).toEqual([]);
    const typo = { ...ok, "privatelink.his.arc.azure.cm": zoneId("privatelink.his.arc.azure.cm") };
    delete (typo as Record<string, string>)["privatelink.his.arc.azure.com"];
    expect(problems(topologyInput({ privateLink: { dns: { mode: "existing", zoneIds: typo } } }))).toEqual([
      `privateLink.dns.zoneIds: mode existing needs the id of every zone the topology uses; "privatelink.his.arc.azure.com" is missing; got ${JSON.stringify(Object.keys(typo))}. Fix: add "privatelink.his.arc.azure.com": /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.his.arc.azure.com`,
      'privateLink.dns.zoneIds["privatelink.his.arc.azure.cm"]: is not a zone this topology uses; got "privatelink.his.arc.azure.cm". Fix: did you mean "privatelink.his.arc.azure.com"?',
    ]);
    const wrong = { ...ok, "privatelink.his.arc.azure.com": zoneId("privatelink.blob.core.windows.net") };
    expect(problems(topologyInput({ privateLink: { dns: { mode: "existing", zoneIds: wrong } } }))).toEqual([
      `privateLink.dns.zoneIds["privatelink.his.arc.azure.com"]: the id names zone privatelink.blob.core.windows.net, not privatelink.his.arc.azure.com; got "${zoneId("privatelink.blob.core.windows.net")}". Fix: use the id of the zone named by the key`,
    ]);
    expect(problems(topologyInput({ privateLink: { dns: { mode: "policy", zoneIds: ok } } }))).toEqual([
      `privateLink.dns.zoneIds: zone ids are only used in mode existing, and the mode is policy; got ${JSON.stringify(arc)}. Fix: remove zoneIds or set mode: existing`,
    ]);
  });

  it("fails when two endpoints target one resource", () => {
    const kv = `/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv`;
    expect(problems(topologyInput({ privateLink: { endpoints: [{ type: "keyvault", resourceId: kv }, { type: "keyvault", resourceId: kv }] } }))).toEqual([
      `privateLink.endpoints[1].resourceId: one endpoint per resource (also endpoints[0]); got "${kv}". Fix: remove the duplicate`,
    ]);
  });

  it("collects zones and forwarders for what the topology turns on", () => {
    const t = topology({ privateLink: { monitor: {}, endpoints: [{ type: "keyvault", resourceId: `/subscriptions/${SUB}/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv` }] } });
    expect(neededZones(t)).toEqual([
      "privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com",
      "privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net",
      "privatelink.vaultcore.azure.net",
    ]);
    expect(neededForwarders(t)).toEqual([
      "his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com",
      "monitor.azure.com", "oms.opinsights.azure.com", "ods.opinsights.azure.com", "agentsvc.azure-automation.net", "blob.core.windows.net",
      "vault.azure.net", "vaultcore.azure.net",
    ]);
  });
});

describe("topology files", () => {
  it("reports YAML syntax errors with line and column, and duplicate keys", () => {
    expect(() => parseTopologyText("name: a\nname: b\n", "t.yaml")).toThrow(new Error("t.yaml:2:1: is not valid YAML: Map keys must be unique. Fix: correct the syntax"));
    expect(() => parseTopologyText("{", "t.json")).toThrow(/^t\.json: is not valid JSON/);
  });

  it("refuses unreadable files and other extensions", () => {
    expect(() => loadTopology("/nonexistent.yaml")).toThrow(exactly("/nonexistent.yaml: does not exist. Fix: name a topology file (.yaml, .yml or .json); a relative path starts in the folder the command runs in"));
    expect(() => loadTopology(EXAMPLES)).toThrow(exactly(`${EXAMPLES}: is a folder. Fix: name a topology file (.yaml, .yml or .json); a relative path starts in the folder the command runs in`));
    expect(() => loadTopology(join(__dirname, "topology.test.ts"))).toThrow(/has extension "\.ts"; a topology file is \.yaml, \.yml or \.json/);
  });

  it.each(readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)))("shipped example %s is valid and points editors at the JSON Schema", (file) => {
    expect(() => loadTopology(join(EXAMPLES, file))).not.toThrow();
    expect(readFileSync(join(EXAMPLES, file), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/topology\.schema\.json$/m);
  });

  it("the default example exercises every feature on the local backend", () => {
    const doc = parseDocument(readFileSync(join(EXAMPLES, "private-link.yaml"), "utf8")).toJS();
    const t = validateTopology(doc);
    expect(t.backend.type).toBe("local");
    expect(t.hub?.gateway?.type).toBe("vpn");
    expect(t.onPremises?.vpn).toBeDefined();
    expect(t.privateLink?.monitor?.linkedResourceIds.length).toBeGreaterThan(0);
    expect(new Set(t.privateLink?.endpoints.map((e) => e.type))).toEqual(new Set(["keyvault", "blob", "automation"]));
    expect(new Set(t.spokes.map((s) => s.arcRules))).toEqual(new Set(["servers", "kubernetes", "none"]));
    expect(t.spokes.some((s) => s.dnsLinks) && t.spokes.some((s) => !s.dnsLinks)).toBe(true);
  });

  it("schema/topology.schema.json is generated from the zod schema (run `npm run schema` after changing it)", () => {
    expect(readFileSync(JSON_SCHEMA_FILE, "utf8")).toBe(renderJsonSchema());
    const schema = JSON.parse(renderJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "location"]);
  });
});
