import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { format } from "@cdktf/hcl-tools";
import { TerraformIterator, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { Helm3Provider, HelmRelease } from "../../../lib/arc-kubernetes/helm";
import { AzapiProvider, AzapiResource } from "../../../lib/azapi";
import { hclBlockPaths, renderStackHcl } from "../../../lib/hcl";
import { CanonBody, canonicalHcl, canonicalJson, normTemplate, tagBlocks } from "../../support/hcl-json";
import { EXAMPLES, buildApp, example } from "../../support/synth";

const TOPOLOGIES = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));

// Synthesizing an example app and loading the wasm formatter and parser take seconds; on a busy machine (a mutation
// run) the 5 s default would fail these tests for being slow, not for being wrong.
jest.setTimeout(120_000);

/** What `app.synth()` does before writing a stack: prepare every stack, run the aspects (Testing.synth). */
function prepared(stacks: TerraformStack[]): TerraformStack[] {
  for (const s of stacks) s.prepareStack();
  for (const s of stacks) Testing.synth(s);
  return stacks;
}

/**
 * The prepared stacks of an example, built once per test file run (several tests look at the same example;
 * building one takes seconds, and a mutation run runs this file for every mutant).
 */
const built = new Map<string, TerraformStack[]>();
function exampleStacks(file: string): TerraformStack[] {
  if (!built.has(file)) built.set(file, prepared(buildApp(example(file)).stacks));
  return built.get(file)!;
}

/** `check` once per stack: tests that look at the same stack share its result. */
const checked = new WeakMap<TerraformStack, Promise<{ hcl: string; hclCanon: CanonBody; jsonCanon: CanonBody }>>();
function check(stack: TerraformStack): Promise<{ hcl: string; hclCanon: CanonBody; jsonCanon: CanonBody }> {
  if (!checked.has(stack)) checked.set(stack, checkOnce(stack));
  return checked.get(stack)!;
}

/** Renders a stack and checks the two properties every output must have; returns the HCL and both canonical forms. */
async function checkOnce(stack: TerraformStack): Promise<{ hcl: string; hclCanon: CanonBody; jsonCanon: CanonBody }> {
  const { hcl, metadata } = renderStackHcl(stack);
  const json = stack.toTerraform();
  expect(metadata).toEqual({ "//": json["//"], terraform: json.terraform });
  expect(await format(hcl)).toBe(hcl);
  const hclCanon = await canonicalHcl(hcl);
  const jsonCanon = canonicalJson(json, hclBlockPaths(stack));
  expect(hclCanon).toEqual(jsonCanon);
  return { hcl, hclCanon, jsonCanon };
}

const blockBody = (c: CanonBody, ...path: string[]): CanonBody => {
  const [name, labels = "[]", ...rest] = path;
  const entry = c[name];
  if (!entry || !("blocks" in entry)) throw new Error(`${name} is not a block`);
  const body = entry.blocks[labels][0];
  return rest.length > 0 ? blockBody(body, ...rest) : body;
};

describe("renderStackHcl on the shipped examples", () => {
  it.each(TOPOLOGIES)("%s: every stack is fmt-clean and means what its JSON means", async (file) => {
    for (const stack of exampleStacks(file)) await check(stack);
  });

  it("writes blocks as blocks and attributes as attributes, as the elements' specs say", async () => {
    const stacks = exampleStacks("private-link.yaml");
    const k8s = stacks.find((s) => s.node.id.includes("k8s"))!;
    const { hclCanon, hcl } = await check(k8s);
    expect(blockBody(hclCanon, "provider", '["azurerm"]').features).toEqual({ blocks: { "[]": [{}] } });
    // helm 3: `kubernetes` on the provider and `set_sensitive` are attributes (lib/arc-kubernetes/helm.ts)
    expect(blockBody(hclCanon, "provider", '["helm"]').kubernetes).toHaveProperty("attr");
    const [release] = Object.keys((hclCanon.resource as { blocks: Record<string, unknown> }).blocks).filter((k) => k.startsWith('["helm_release"'));
    expect(blockBody(hclCanon, "resource", release).set_sensitive).toHaveProperty("attr");
    // azapi `identity` is a block (lib/azapi/attributes.ts)
    const [cluster] = Object.keys((hclCanon.resource as { blocks: Record<string, unknown> }).blocks).filter((k) => k.startsWith('["azapi_resource"'));
    expect(blockBody(hclCanon, "resource", cluster).identity).toEqual({ blocks: { "[]": [{ type: { attr: "SystemAssigned" } }] } });
    expect(blockBody(hclCanon, "resource", cluster).tags).toHaveProperty("attr");
    expect(hcl).not.toMatch(/<<|set_sensitive \{|kubernetes \{/);
  });

  it("writes lifecycle conditions as blocks", async () => {
    const stacks = exampleStacks("private-link.yaml");
    const approval = stacks.find((s) => s.node.id.includes("approval"))!;
    const { hclCanon, hcl } = await check(approval);
    const [action] = Object.keys((hclCanon.resource as { blocks: Record<string, unknown> }).blocks);
    const lifecycle = blockBody(hclCanon, "resource", action, "lifecycle");
    expect(lifecycle.precondition).toHaveProperty("blocks");
    expect(hcl).toMatch(/\n  lifecycle \{\n    precondition \{\n      condition     = \S.*\n      error_message = ".*"\n    \}\n  \}\n/);
    expect(hcl).not.toMatch(/precondition\s*=/);
  });
});

/** The prepared edge stack, built once per test file run. */
let edge: TerraformStack | undefined;
function edgeStack(): TerraformStack {
  return (edge ??= prepared([buildEdgeStack()])[0]);
}

/** A stack with the strings cdktf 0.21's renderer gets wrong. */
function buildEdgeStack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "edge");
  new AzurermProvider(s, "azurerm", { features: [{}] });
  // default and description are not templates in JSON (Terraform reads them unevaluated)
  const env = new TerraformVariable(s, "env", { type: "map(string)", default: { a: "lit ${not.a.ref} $${y} 100%{z}" }, description: 'The "env" map, not ${evaluated}' });
  const rg = new ResourceGroup(s, "Rg", {
    name: "rg-edge",
    location: "westeurope",
    tags: {
      escaped: "cost $${var.env}",
      real: `cost \${${env.fqn}["a"]}`,
      percent: "100%%{x}",
      path: "C:\\certs\\ca.pem",
      quote: 'say "hi"',
      newline: "line1\nline2\r\ttab",
      'team "core" lead': "key with a space and a quote",
      null: "a reserved word as key",
    },
  });
  new PrivateEndpoint(s, "Pe", {
    name: "pe-edge",
    location: rg.location,
    resourceGroupName: rg.name,
    subnetId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
    privateServiceConnection: { name: "psc", isManualConnection: false, privateConnectionResourceId: "/x", subresourceNames: ["vault"] },
    lifecycle: {
      ignoreChanges: ["tags"],
      precondition: [{ condition: `\${length(${rg.fqn}.name) > 0 && !endswith(${rg.fqn}.name, "-")}`, errorMessage: 'The resource group name must not be "" or end in -' }],
    },
    dependsOn: [rg],
  });
  new TerraformOutput(s, "joined", { value: '${join(", ", ["a\\"b", upper("c")])}', description: "raw expression with quoted strings, not ${evaluated}" });
  new TerraformOutput(s, "mixed", { value: `prefix \${${rg.fqn}.name} %{if true}"yes"%{endif}`, sensitive: true });
  new AzapiProvider(s, "azapi", {});
  new AzapiResource(s, "Body", {
    type: "Microsoft.Example/things@2026-01-01",
    name: "thing",
    parentId: rg.id,
    body: { properties: { cleared: null, list: [null, { inner: null }], deep: { a: { b: null } }, empty: {}, none: [] } },
    identity: { type: "SystemAssigned" },
  });
  const helm = new Helm3Provider(s, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  new HelmRelease(s, "Release", { provider: helm, name: "r", chart: "c", setSensitive: [{ name: "secret\\.key", value: 'p@ss "word"' }] });
  return s;
}

describe("renderStackHcl on edge cases", () => {
  it("escapes strings and keys, keeps escapes and interpolations, and round-trips", async () => {
    const { hcl } = await check(edgeStack());
    expect(hcl).toContain(
      [
        "  tags = {",
        '    escaped              = "cost $${var.env}"',
        '    real                 = "cost ${var.env["a"]}"',
        '    percent              = "100%%{x}"',
        '    path                 = "C:\\\\certs\\\\ca.pem"',
        '    quote                = "say \\"hi\\""',
        '    newline              = "line1\\nline2\\r\\ttab"',
        '    "team \\"core\\" lead" = "key with a space and a quote"',
        '    "null"               = "a reserved word as key"',
        "  }",
      ].join("\n"),
    );
    expect(hcl).toContain('  value       = join(", ", ["a\\"b", upper("c")])');
    expect(hcl).toContain('  value     = "prefix ${azurerm_resource_group.Rg.name} %{if true}\\"yes\\"%{endif}"');
    expect(hcl).toContain(
      [
        'variable "env" {',
        '  default     = { a = "lit $${not.a.ref} $$${y} 100%%{z}" }',
        '  description = "The \\"env\\" map, not $${evaluated}"',
        "  type        = map(string)",
        "}",
      ].join("\n"),
    );
    expect(hcl).toContain('  description = "raw expression with quoted strings, not $${evaluated}"');
    expect(hcl).not.toContain("<<");
  });

  it("writes meta-arguments: provider, depends_on and a lifecycle block with precondition blocks", async () => {
    const { hcl, hclCanon } = await check(edgeStack());
    expect(hcl).toContain(
      [
        "  lifecycle {",
        "    ignore_changes = [tags]",
        "",
        "    precondition {",
        '      condition     = length(azurerm_resource_group.Rg.name) > 0 && !endswith(azurerm_resource_group.Rg.name, "-")',
        '      error_message = "The resource group name must not be \\"\\" or end in -"',
        "    }",
        "  }",
        "",
        "  depends_on = [azurerm_resource_group.Rg]",
        "}",
      ].join("\n"),
    );
    expect(blockBody(hclCanon, "resource", '["azurerm_private_endpoint","Pe"]').private_service_connection).toHaveProperty("blocks");
    expect(hcl).toMatch(/resource "helm_release" "Release" \{\n  provider = helm\n/);
  });

  it("writes nested nulls as null (azapi body) and helm 3's set_sensitive as an attribute", async () => {
    const { hcl } = await check(edgeStack());
    expect(hcl).toContain(
      [
        "  body = {",
        "    properties = {",
        "      cleared = null",
        "      list = [",
        "        null,",
        "        { inner = null },",
        "      ]",
        "      deep  = { a = { b = null } }",
        "      empty = {}",
        "      none  = []",
        "    }",
        "  }",
      ].join("\n"),
    );
    expect(hcl).toContain(['  set_sensitive = [', "    {", '      name  = "secret\\\\.key"', '      value = "p@ss \\"word\\""', "    },", "  ]"].join("\n"));
    expect(hcl).toContain("  kubernetes = { config_path = \"~/.kube/config\" }");
    expect(hcl).toContain("  identity {\n    type = \"SystemAssigned\"\n  }");
  });

  it("reads block paths from the specs as the classes return them", () => {
    const paths = hclBlockPaths(edgeStack());
    expect(paths.get("provider.azurerm")).toEqual(new Set(["features"]));
    expect(paths.get("provider.helm")).toEqual(new Set());
    expect(paths.get("resource.azapi_resource.Body")).toEqual(new Set(["identity"]));
    expect(paths.get("resource.helm_release.Release")).toEqual(new Set());
    expect(paths.get("resource.azurerm_private_endpoint.Pe")).toEqual(new Set(["private_service_connection"]));
  });

  it("writes count, for_each, dynamic blocks, provisioners, import and moved blocks", async () => {
    const s = new TerraformStack(Testing.app(), "meta");
    new AzurermProvider(s, "azurerm", { features: [{}], alias: "second" });
    new AzurermProvider(s, "default", { features: [{}] });
    const names = new TerraformVariable(s, "names", { type: "list(string)" });
    new ResourceGroup(s, "Counted", { name: "rg-${count.index}", location: "westeurope", count: 2 });
    const each = TerraformIterator.fromList(names.listValue);
    new ResourceGroup(s, "Each", { name: each.value, location: "westeurope", forEach: each });
    const ips = TerraformIterator.fromList(names.listValue);
    new PrivateEndpoint(s, "Pe", {
      name: "pe",
      location: "westeurope",
      resourceGroupName: "rg",
      subnetId: "/subnets/s",
      privateServiceConnection: { name: "psc", isManualConnection: false },
      ipConfiguration: ips.dynamic({ name: ips.value, private_ip_address: "10.0.0.1" }),
    });
    new NetworkSecurityGroup(s, "Nsg", {
      name: "nsg",
      location: "westeurope",
      resourceGroupName: "rg",
      provisioners: [{ type: "local-exec", command: 'echo "${self.id}"', when: "destroy" }],
    });
    const imported = new ResourceGroup(s, "Imported", { name: "rg-imported", location: "westeurope" });
    imported.importFrom("/subscriptions/0/resourceGroups/rg-imported");
    const moved = new ResourceGroup(s, "Moved", { name: "rg-moved", location: "westeurope" });
    moved.moveFromId("azurerm_resource_group.old");
    const { hcl } = await check(prepared([s])[0]);
    expect(hcl).toContain('  count = 2\n\n  location = "westeurope"\n  name     = "rg-${count.index}"');
    expect(hcl).toContain("  for_each = toset(var.names)");
    expect(hcl).toMatch(/ {2}dynamic "ip_configuration" \{\n {4}for_each = toset\(var.names\)\n {4}iterator = each\n\n {4}content \{\n {6}name {15}= each.value\n/);
    expect(hcl).toContain('  provisioner "local-exec" {\n    command = "echo \\"${self.id}\\""\n    when    = destroy\n  }');
    expect(hcl).toContain('import {\n  id = "/subscriptions/0/resourceGroups/rg-imported"\n  to = azurerm_resource_group.Imported\n}');
    expect(hcl).toContain("moved {\n  to   = azurerm_resource_group.Moved\n  from = azurerm_resource_group.old\n}");
    expect(hcl).toContain('provider "azurerm" {\n  alias = "second"\n\n  features {}\n}');
  });

  it("keeps strip markers, directives and provider functions as written, spaced as fmt spaces them", async () => {
    const s = new TerraformStack(Testing.app(), "templates");
    new AzurermProvider(s, "azurerm", { features: [{}] });
    new TerraformOutput(s, "strip", { value: "${~ var.x ~} and %{ if var.b ~}yes%{ else }no%{ endif }${ {a=1}[\"a\"] }" });
    new TerraformOutput(s, "fn", { value: "${provider::azurerm::normalize_resource_id( var.id )}" });
    const { hcl } = renderStackHcl(s);
    expect(hcl).toContain('value = "${~var.x~} and %{if var.b~}yes%{else}no%{endif}${ { a = 1 }["a"]}"');
    // Intact; this @cdktf/hcl-tools (hclwrite) version's scanner does not know `::` and would write `provider : : azurerm`.
    expect(hcl).toContain("value = provider::azurerm::normalize_resource_id(var.id)");
    const strip = hcl.split("\n\n").find((b) => b.includes('"strip"'))!;
    expect(await format(strip)).toBe(strip);
  });

  it("renders random string values and keys fmt-clean and equal to the JSON", async () => {
    const piece = fc.constantFrom("a", " ", "$", "%x", "\\", '"', "\n", "\r", "\t", "é", "😀", "\u0001", "}", "x{", "$${", "%%{", "${var.x}", '${upper("q\\"")}', "%{ if var.b }y%{ endif }", '${ {k = 1}["k"] }');
    const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(""));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(text, text, { maxKeys: 4 }), async (tags) => {
        const s = new TerraformStack(Testing.app(), "random");
        new AzurermProvider(s, "azurerm", { features: [{}] });
        new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags });
        await check(s);
      }),
      { numRuns: 60 },
    );
  });
});

describe("renderStackHcl as a stack's toHclTerraform", () => {
  class HclStack extends TerraformStack {
    override toHclTerraform() {
      return renderStackHcl(this);
    }
  }

  it("is what cdktf's HCL synthesis writes", async () => {
    const s = new HclStack(Testing.app(), "override");
    new AzurermProvider(s, "azurerm", { features: [{}] });
    new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { path: "C:\\x" } });
    const hcl = Testing.synthHcl(s);
    expect(hcl).toBe(renderStackHcl(s).hcl);
    expect(hcl).toContain('path = "C:\\\\x"');
    expect(Testing.synthHcl(s, false, true)).toEqual({ "//": s.toTerraform()["//"], terraform: s.toTerraform().terraform });
    expect(await format(hcl)).toBe(hcl);
  });
});

describe("hcl-json normaliser", () => {
  it("tags block headers only", () => {
    expect(tagBlocks('resource "a" "b" {\n  x = {\n    y = 1\n  }\n  features {}\n}')).toBe(
      'resource "a" "b" {\n  __hcl_block__ = true\n  x = {\n    y = 1\n  }\n  features {\n    __hcl_block__ = true\n  }\n}',
    );
  });

  it("normalises whitespace inside template sequences only", () => {
    expect(normTemplate('a  b ${ f( x,"a  b" ) } %{ for k in l }${ k }%{ endfor }')).toBe('a  b ${f(x,"a  b")} %{for k in l}${k}%{endfor}');
  });

  it("tells a block from an attribute holding the same data", async () => {
    expect(await canonicalHcl('x {\n  a = 1\n}\n')).not.toEqual(await canonicalHcl("x = [{ a = 1 }]\n"));
  });
});
