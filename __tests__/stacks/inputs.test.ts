/**
 * Inputs a user can write that once got past the checks or crashed the
 * synth (found by trying to break it): cdktf token markers and broken
 * Unicode in text, a newline hiding `${` in a backend path, names crafted
 * to equal another's hashed label, a cluster associated twice, names Azure
 * cannot take, a YAML alias bomb, wrong suggested fixes, ports and hosts,
 * tag names in two casings, an empty certificate, SemVer build metadata.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { armIdKey, shortHash, show, uniqueLabels } from "../../lib/core";
import { loadTopology, validateTopology } from "../../topology/load";
import { TopologyInput } from "../../topology/schema";
import { EXAMPLES, problemLines, resources, synthTopology, topology, topologyInput } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER = "11111111-1111-1111-1111-111111111111";
const armId = (type: string, name: string, rg = "rg", sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
const gateway = (extra: Partial<NonNullable<TopologyInput["arcGateways"]>[number]> = {}): TopologyInput => ({ name: "contoso", location: "eastus", subscriptionId: SUB, arcGateways: [{ name: "east", ...extra }] });

describe("text no output could hold literally", () => {
  it.each([
    ["a tag value", { tags: { note: "${TfToken[TOKEN.1]}" } }, 'tags.note: the value holds "${TfToken[" or "#{TfToken[", cdktf\'s marker of a reference, which cannot be written as text; got "${TfToken[TOKEN.1]}". Fix: remove it'],
    ["a tag name", { tags: { "#{TfToken[TOKEN.2]}": "x" } }, 'tags["#{TfToken[TOKEN.2]}"]: the key holds "${TfToken[" or "#{TfToken[", cdktf\'s marker of a reference, which cannot be written as text; got "#{TfToken[TOKEN.2]}". Fix: remove it'],
    ["a lone surrogate", { tags: { note: "a\ud800b" } }, 'tags.note: the value is not well-formed Unicode (it holds a lone surrogate); got "a\ufffdb". Fix: fix the character'],
  ])("refuses cdktf's token marker or broken Unicode in %s", (_what, override, line) => {
    expect(problemLines(topologyInput(override as Partial<TopologyInput>))).toEqual([line]);
  });

  it("passes text that only looks like a marker", () => {
    expect(problemLines(topologyInput({ tags: { note: "${TfToken", other: "TfToken[TOKEN.1]" } }))).toEqual([]);
  });

  it("refuses ${ in a backend path even after a newline", () => {
    expect(problemLines(topologyInput({ backend: { type: "local", path: "a\n${path.module}/{stack}" } }))).toEqual([
      'backend.path: Terraform reads backend settings literally and cannot escape ${ or %{ in them; got "a\\n${path.module}/{stack}". Fix: choose a path without them',
    ]);
  });
});

describe("labels that must stay distinct", () => {
  const machine = (name: string, sub = SUB) => armId("Microsoft.HybridCompute/machines", name, "rg", sub);

  it("keeps every label distinct when a name equals another's hashed label", () => {
    // The first web01 keeps the plain label; the one in the other subscription gets its id's hash, which the crafted name equals.
    const crafted = `web01-${shortHash(armIdKey(machine("web01", OTHER)))}`;
    const label = (ids: string[]) => uniqueLabels(ids.map((id) => ({ id, base: `rg-${id.split("/").pop()}` })));
    expect(crafted).toBe("web01-bd7074");
    expect(label([machine("web01"), machine("web01", OTHER), machine(crafted)])).toEqual(["rg-web01", "rg-web01-bd7074", "rg-web01-bd7074-28a061"]);
    // Listed before it, the crafted name keeps its label and the other web01 hashes again.
    expect(label([machine("web01"), machine(crafted), machine("web01", OTHER)])).toEqual(["rg-web01", "rg-web01-bd7074", "rg-web01-bd7074-cc298d"]);
  });

  it("synthesizes a gateway with such machines", () => {
    const crafted = `web01-${shortHash(armIdKey(machine("web01", OTHER)))}`;
    const machines = [machine("web01"), machine("web01", OTHER), machine(crafted)];
    const tf = synthTopology(validateTopology(gateway({ machines })))["contoso-gateway-east"];
    expect(resources(tf, "azapi_update_resource").map((u) => u.parent_id).sort()).toEqual([...machines].sort());
  });

  it("makes an Azure name of a resource name Azure would refuse in it", () => {
    const tf = synthTopology(topology({ privateLink: { endpoints: [{ type: "keyvault", resourceId: armId("Microsoft.KeyVault/vaults", "kv@1(x)") }] } }))["contoso-connectivity"];
    expect(resources(tf, "azurerm_private_endpoint").map((e) => e.name)).toEqual(["pe-contoso-arc", "pe-contoso-keyvault-kv-1-x"]);
  });
});

describe("a cluster associated once", () => {
  const clusterId = (rg: string, sub = SUB) => armId("Microsoft.Kubernetes/connectedClusters", "c1", rg, sub);
  const input = (rg: string, sub = SUB): TopologyInput => ({
    ...gateway({ clusters: [{ id: clusterId(rg, sub), serviceCidr: "10.43.0.0/16" }] }),
    kubernetes: { clusters: [{ name: "c1", gateway: "east", serviceCidr: "10.43.0.0/16", chart }] },
  });

  it("fails when arcGateways lists a cluster that kubernetes.clusters creates", () => {
    expect(problemLines(input("rg-contoso-k8s-c1"))).toEqual([
      `arcGateways[0].clusters[0].id: is the connected cluster that kubernetes.clusters[0] creates, which its own stack associates with gateway east; a cluster uses one gateway, associated once; got "${clusterId("rg-contoso-k8s-c1")}". Fix: remove it from arcGateways[0].clusters`,
    ]);
  });

  it("passes for a cluster of the same name in another resource group or subscription", () => {
    expect(problemLines(input("rg-other"))).toEqual([]);
    expect(problemLines(input("rg-contoso-k8s-c1", OTHER))).toEqual([]);
  });
});

describe("YAML the parser refuses to expand", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "arc-inputs-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails with the file's path, not a stack trace, on more than 100 aliases", () => {
    const file = join(dir, "bomb.yaml");
    writeFileSync(file, `name: contoso\nlocation: westeurope\nx: &a [1]\nspokes: [${Array.from({ length: 101 }, () => "*a").join(", ")}]\n`);
    expect(() => loadTopology(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot be read as YAML: .+\\. Fix: write the repeated parts out, or use fewer aliases$`));
  });

  it("fails when a proxy CA file holds an empty certificate", () => {
    copyFileSync(join(EXAMPLES, "contoso-proxy-ca.pem"), join(dir, "ok.pem"));
    writeFileSync(join(dir, "empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    const file = (cert: string) => {
      const f = join(dir, `t-${cert}.json`);
      writeFileSync(f, JSON.stringify({ ...gateway(), kubernetes: { clusters: [{ name: "c1", gateway: "east", serviceCidr: "10.43.0.0/16", chart, proxy: { https: "http://proxy:3128", certificateFile: cert } }] } }));
      return f;
    };
    expect(() => loadTopology(file("ok.pem"))).not.toThrow();
    expect(() => loadTopology(file("empty.pem"))).toThrow(
      /^kubernetes\.clusters\[0\]\.proxy\.certificateFile: holds no PEM certificate that parses as X\.509 \(-----BEGIN CERTIFICATE----- \.\.\. -----END CERTIFICATE-----\); got "empty\.pem"\. Fix: export the proxy's CA certificate as PEM \(Base-64 encoded X\.509\)$/,
    );
  });
});

describe("suggested fixes that are valid values", () => {
  it("suggests the network of a CIDR with host bits", () => {
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.10.5.0/16"] } }))).toEqual([
      'hub.addressSpace[0]: has host bits set: the network is 10.10.0.0/16; got "10.10.5.0/16". Fix: write the network address: 10.10.0.0/16',
    ]);
  });

  const aks = (serviceCidr: string, dnsServiceIp?: string) =>
    topologyInput({
      subscriptionId: SUB,
      spokes: [{ name: "aks", addressSpace: ["10.4.0.0/23"], subnets: [{ name: "nodes", addressPrefix: "10.4.0.0/24" }], arcRules: "none" }],
      aksClusters: [{ name: "ops", spoke: "aks", serviceCidr, dnsServiceIp }],
    });

  it("suggests a DNS service IP inside a small service range", () => {
    expect(problemLines(aks("10.100.0.0/29", "10.100.0.1"))).toEqual([
      'aksClusters[0].dnsServiceIp: is the first address of serviceCidr 10.100.0.0/29, which the kubernetes service (kubernetes.default.svc) takes; got "10.100.0.1". Fix: use e.g. 10.100.0.6',
    ]);
  });

  it("fails for a service range larger than a /12, and passes a /12", () => {
    expect(problemLines(aks("10.96.0.0/11"))).toEqual([
      'aksClusters[0].serviceCidr: is a /11; Kubernetes takes a service range of at most a /12 (2^20 addresses); got "10.96.0.0/11". Fix: use a /12 or smaller, e.g. 10.100.0.0/16',
    ]);
    expect(problemLines(aks("10.96.0.0/12"))).toEqual([]);
  });
});

describe("proxy ports and hosts, tag casing, chart versions", () => {
  const proxied = (https: string) => gateway({ clusters: [{ id: armId("Microsoft.Kubernetes/connectedClusters", "k1"), serviceCidr: "10.43.0.0/16", proxy: { https } }] });
  const line = (url: string) =>
    `arcGateways[0].clusters[0].proxy.https: a proxy URL's port is 1-65535 (no leading zeros) and its host a DNS name (labels of letters, digits and '-', not starting or ending with '-', no empty label) or an IPv4 address; got "${url}". Fix: e.g. http://10.0.0.5:3128`;
  const label63 = "a".repeat(63);

  it.each(["http://proxy:0", "http://proxy:65536", "http://999.1.1.1:3128", "http://proxy:00080", "http://a..b:3128", "http://a.-b:3128", "http://a-.b:3128", `http://${"a".repeat(64)}.com`])(
    "fails for %s",
    (url) => {
      expect(problemLines(proxied(url))).toEqual([line(url)]);
    },
  );

  it("fails for a host of 254 characters (the message shortens the value)", () => {
    const url = `http://${[label63, label63, label63, "a".repeat(62)].join(".")}:3128`;
    expect(problemLines(proxied(url))).toEqual([line(url).replace(`"${url}"`, `"${url.slice(0, 120)}"... (${url.length} characters)`)]);
  });

  it.each(["http://proxy:1", "http://proxy:65535", "http://10.255.255.254:3128", "http://proxy:80", `http://${label63}.com`, `http://${[label63, label63, label63, "a".repeat(61)].join(".")}:3128`, "http://0x7f000001:3128"])("passes %s", (url) => {
    expect(problemLines(proxied(url))).toEqual([]);
  });

  it("fails for two tag names that differ only in casing", () => {
    expect(problemLines(topologyInput({ tags: { Env: "a", env: "b" } }))).toEqual(['tags: names "Env" and "env" differ only in casing, and Azure compares tag names case-insensitively; got {"Env":"a","env":"b"}. Fix: keep one of them']);
  });

  it.each(["1.36.1-rc.1+build.5", "1.36.1+20260101"])("takes the SemVer chart version %s", (version) => {
    expect(problemLines({ ...gateway(), kubernetes: { clusters: [{ name: "c1", gateway: "east", serviceCidr: "10.43.0.0/16", chart: { ...chart, version } }] } })).toEqual([]);
  });

  it.each(["1.36", "^1.36.1", "01.36.1"])("refuses the chart version %s", (version) => {
    expect(problemLines({ ...gateway(), kubernetes: { clusters: [{ name: "c1", gateway: "east", serviceCidr: "10.43.0.0/16", chart: { ...chart, version } }] } })).toEqual([
      `kubernetes.clusters[0].chart.version: an exact chart version (SemVer); got "${version}". Fix: e.g. 1.36.1 (never guessed: take it from az connectedk8s connect's logs)`,
    ]);
  });
});

describe("values in messages", () => {
  it("masks credentials in URLs and cuts long strings with their length", () => {
    expect(show("http://user:secret@proxy:3128")).toBe('"http://***@proxy:3128"');
    expect(show({ url: "https://a:b@h" })).toBe('{"url":"https://***@h"}');
    expect(show("x".repeat(250))).toBe(`"${"x".repeat(120)}"... (250 characters)`);
    expect(show("x".repeat(200))).toBe(`"${"x".repeat(200)}"`);
  });

  it("does not repeat proxy credentials", () => {
    expect(problemLines(gateway({ serverProxy: { url: "http://user:pw@proxy:3128" } }))).toEqual([
      'arcGateways[0].serverProxy.url: a proxy URL with credentials would put them in plain text in the Terraform and the agents\' settings; got "http://***@proxy:3128". Fix: use a proxy that authenticates the network (source addresses) and write http(s)://host:port',
    ]);
  });
});
