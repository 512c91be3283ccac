import { parse } from "@cdktf/hcl2json";
import { Lazy, TerraformIterator, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AZAPI_SOURCE, AZAPI_VERSION_CONSTRAINT, AzapiProvider, AzapiResource, AzapiResourceAction, AzapiUpdateResource, DataAzapiResourceList } from "../../../lib/azapi";
import { AttributeTable, hclNulls, toHcl, toJson } from "../../../lib/azapi/attributes";
import { renderStackHcl } from "../../../lib/hcl";
import { HAVE_SCHEMAS, schemaErrors } from "../../support/schema-check";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;

/** Synthesized JSON without cdktf's `//` metadata. */
function json(s: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(s, true), (key, value) => (key === "//" ? undefined : value));
}

function build(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "s");
  new AzapiProvider(s, "azapi", { subscriptionId: SUB });
  const gw = new AzapiResource(s, "Gw", {
    type: "Microsoft.HybridCompute/gateways@2026-07-15",
    name: "gw1",
    parentId: RG,
    location: "westeurope",
    body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
    responseExportValues: ["properties.gatewayEndpoint"],
    tags: { owner: "platform" },
  });
  new AzapiUpdateResource(s, "Update", { type: "Microsoft.HybridCompute/settings@2026-07-15", parentId: "/machines/m1", name: "default", body: { properties: { gatewayProperties: { gatewayResourceId: gw.id } } } });
  new AzapiResourceAction(s, "Detach", { type: "Microsoft.HybridCompute/settings@2026-07-15", resourceId: "/machines/m1/providers/Microsoft.HybridCompute/settings/default", method: "PUT", when: "destroy", body: { properties: { gatewayProperties: { gatewayResourceId: null } } } });
  new TerraformOutput(s, "endpoint", { value: gw.outputString("properties.gatewayEndpoint") });
  return s;
}

/** Every attribute of every class, and the meta-arguments. */
function buildAll(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "all");
  const provider = new AzapiProvider(s, "azapi", { subscriptionId: SUB, tenantId: "11111111-1111-1111-1111-111111111111", environment: "public" });
  const r = new AzapiResource(s, "R", {
    type: "Microsoft.Kubernetes/connectedClusters@2026-05-01",
    name: "cc1",
    parentId: RG,
    location: "westeurope",
    body: { properties: { a: null, b: [1, { c: null }], d: true } },
    responseExportValues: ["properties.x", "properties.y"],
    tags: { owner: "platform" },
    schemaValidationEnabled: false,
    identity: { type: "UserAssigned", identityIds: ["/ids/1", "/ids/2"] },
    provider,
    lifecycle: {
      preventDestroy: true,
      ignoreChanges: ["tags"],
      precondition: [{ condition: "${1 == 1}", errorMessage: "pre" }],
      postcondition: [{ condition: "${2 == 2}", errorMessage: "post" }],
    },
  });
  new AzapiUpdateResource(s, "U", { type: "Microsoft.Kubernetes/connectedClusters@2026-05-01", resourceId: "/cc/1", body: { properties: { gateway: { enabled: true } } }, responseExportValues: ["properties.gateway"], dependsOn: [r] });
  new AzapiResourceAction(s, "A", { type: "Microsoft.Storage/storageAccounts@2023-05-01", resourceId: "/sa/1", action: "listKeys", method: "POST", when: "apply", responseExportValues: ["keys"] });
  const list = new DataAzapiResourceList(s, "L", { type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parentId: "/aks/1", responseExportValues: ["value"], provider, dependsOn: [r] });
  new TerraformOutput(s, "connections", { value: `\${${list.outputExpression("value")}}` });
  new TerraformOutput(s, "x", { value: r.outputString("properties.x") });
  new TerraformOutput(s, "id", { value: r.id });
  return s;
}

describe("azapi binding, JSON", () => {
  it("writes the provider source, version and configuration", () => {
    const tf = json(build());
    expect(AZAPI_SOURCE).toBe("azure/azapi");
    expect(AZAPI_VERSION_CONSTRAINT).toBe("2.12.0");
    expect(tf.terraform).toEqual({ required_providers: { azapi: { source: "azure/azapi", version: "2.12.0" } } });
    expect(tf.provider).toEqual({ azapi: [{ subscription_id: SUB }] });
  });

  it("writes each resource's attributes exactly, nested nulls as JSON nulls", () => {
    const tf = json(build());
    expect(tf.resource).toEqual({
      azapi_resource: {
        Gw: {
          type: "Microsoft.HybridCompute/gateways@2026-07-15",
          name: "gw1",
          parent_id: RG,
          location: "westeurope",
          body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
          response_export_values: ["properties.gatewayEndpoint"],
          tags: { owner: "platform" },
        },
      },
      azapi_update_resource: {
        Update: { type: "Microsoft.HybridCompute/settings@2026-07-15", parent_id: "/machines/m1", name: "default", body: { properties: { gatewayProperties: { gatewayResourceId: "${azapi_resource.Gw.id}" } } } },
      },
      azapi_resource_action: {
        Detach: {
          type: "Microsoft.HybridCompute/settings@2026-07-15",
          resource_id: "/machines/m1/providers/Microsoft.HybridCompute/settings/default",
          method: "PUT",
          when: "destroy",
          body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
        },
      },
    });
    expect(tf.output).toEqual({ endpoint: { value: "${azapi_resource.Gw.output.properties.gatewayEndpoint}" } });
  });

  it("writes a provider's alias (JSON and HCL), and resources name the aliased provider", () => {
    const s = new TerraformStack(Testing.app(), "aliased");
    const owner = new AzapiProvider(s, "owner", { alias: "owner", tenantId: "11111111-1111-1111-1111-111111111111" });
    new DataAzapiResourceList(s, "L", { type: "Microsoft.Network/privateDnsZones@2024-06-01", parentId: RG, provider: owner });
    const tf = json(s);
    expect(tf.provider).toEqual({ azapi: [{ tenant_id: "11111111-1111-1111-1111-111111111111", alias: "owner" }] });
    expect(tf.data.azapi_resource_list.L.provider).toBe("azapi.owner");
    const hcl = renderStackHcl(s).hcl;
    expect(hcl).toContain('provider "azapi" {\n  tenant_id = "11111111-1111-1111-1111-111111111111"\n  alias     = "owner"\n}');
    expect(hcl).toContain("  provider = azapi.owner\n");
    // cdktf sets alias after construction too (e.g. an escape hatch): the setter keeps it.
    owner.alias = "cluster-owner";
    expect(owner.alias).toBe("cluster-owner");
    expect(json(s).provider.azapi[0].alias).toBe("cluster-owner");
  });

  it("writes every optional attribute and meta-argument", () => {
    const tf = json(buildAll());
    expect(tf.provider).toEqual({ azapi: [{ subscription_id: SUB, tenant_id: "11111111-1111-1111-1111-111111111111", environment: "public" }] });
    expect(tf.resource).toEqual({
      azapi_resource: {
        R: {
          type: "Microsoft.Kubernetes/connectedClusters@2026-05-01",
          name: "cc1",
          parent_id: RG,
          location: "westeurope",
          body: { properties: { a: null, b: [1, { c: null }], d: true } },
          response_export_values: ["properties.x", "properties.y"],
          tags: { owner: "platform" },
          schema_validation_enabled: false,
          identity: [{ type: "UserAssigned", identity_ids: ["/ids/1", "/ids/2"] }],
          provider: "azapi",
          lifecycle: {
            prevent_destroy: true,
            ignore_changes: ["tags"],
            precondition: [{ condition: "${1 == 1}", error_message: "pre" }],
            postcondition: [{ condition: "${2 == 2}", error_message: "post" }],
          },
        },
      },
      azapi_update_resource: {
        U: { type: "Microsoft.Kubernetes/connectedClusters@2026-05-01", resource_id: "/cc/1", body: { properties: { gateway: { enabled: true } } }, response_export_values: ["properties.gateway"], depends_on: ["azapi_resource.R"] },
      },
      azapi_resource_action: {
        A: { type: "Microsoft.Storage/storageAccounts@2023-05-01", resource_id: "/sa/1", action: "listKeys", method: "POST", when: "apply", response_export_values: ["keys"] },
      },
    });
    expect(tf.data).toEqual({
      azapi_resource_list: {
        L: { type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parent_id: "/aks/1", response_export_values: ["value"], provider: "azapi", depends_on: ["azapi_resource.R"] },
      },
    });
    expect(tf.output).toEqual({
      connections: { value: "${data.azapi_resource_list.L.output.value}" },
      x: { value: "${azapi_resource.R.output.properties.x}" },
      id: { value: "${azapi_resource.R.id}" },
    });
  });

  it("writes a system-assigned identity without identity_ids", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new AzapiProvider(s, "azapi");
    new AzapiResource(s, "R", { type: "T@1", name: "n", parentId: "/p", identity: { type: "SystemAssigned" } });
    expect(json(s).resource.azapi_resource.R).toStrictEqual({ type: "T@1", name: "n", parent_id: "/p", identity: [{ type: "SystemAssigned" }] });
  });

  it("names its Terraform types", () => {
    expect([AzapiProvider.tfResourceType, AzapiResource.tfResourceType, AzapiUpdateResource.tfResourceType, AzapiResourceAction.tfResourceType, DataAzapiResourceList.tfResourceType]).toEqual([
      "azapi",
      "azapi_resource",
      "azapi_update_resource",
      "azapi_resource_action",
      "azapi_resource_list",
    ]);
  });

  it("every resource and data source asks for the azapi provider", () => {
    for (const add of [
      (s: TerraformStack) => new AzapiResource(s, "X", { type: "T@1", name: "n", parentId: "/p" }),
      (s: TerraformStack) => new AzapiUpdateResource(s, "X", { type: "T@1", resourceId: "/r", body: {} }),
      (s: TerraformStack) => new AzapiResourceAction(s, "X", { type: "T@1", resourceId: "/r" }),
      (s: TerraformStack) => new DataAzapiResourceList(s, "X", { type: "T@1", parentId: "/p" }),
    ]) {
      const without = new TerraformStack(Testing.app(), "s");
      add(without);
      expect(() => Testing.synth(without, true)).toThrow(/Found resources without a matching provider construct\. .* to your stack 's' for the following providers: azapi\n/);
      const withProvider = new TerraformStack(Testing.app(), "s");
      new AzapiProvider(withProvider, "azapi");
      add(withProvider);
      expect(() => Testing.synth(withProvider, true)).not.toThrow();
    }
  });

  it("tags can be replaced after construction (for tag aspects)", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new AzapiProvider(s, "azapi");
    const r = new AzapiResource(s, "R", { type: "T@1", name: "n", parentId: "/p", tags: { a: "1" } });
    expect(r.tagsInput).toEqual({ a: "1" });
    r.tags = { a: "1", b: "2" };
    expect(r.tagsInput).toEqual({ a: "1", b: "2" });
    expect(json(s).resource.azapi_resource.R.tags).toEqual({ a: "1", b: "2" });
  });

  it("a list attribute given an iterator's expression is a for expression, never a dynamic block", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new AzapiProvider(s, "azapi");
    const it = TerraformIterator.fromList(["a", "b"]);
    new AzapiUpdateResource(s, "U", { type: "T@1", resourceId: "/r", body: {}, responseExportValues: it.dynamic({ x: it.value }) as unknown as string[] });
    const expression = '${[ for key, val in toset(["a", "b"]): {"x" = val}]}';
    expect(json(s).resource.azapi_update_resource.U).toStrictEqual({ type: "T@1", resource_id: "/r", body: {}, response_export_values: expression });
    expect(Testing.synthHcl(s)).toContain(`resource "azapi_update_resource" "U" {\ntype = "T@1"\nresource_id = "/r"\nbody = {\n}\nresponse_export_values = "${expression}"\n}`);
  });

  (HAVE_SCHEMAS ? it : it.skip)("conforms to the azapi 2.12 provider schema", () => {
    expect(schemaErrors(JSON.parse(Testing.synth(build())))).toEqual([]);
    expect(schemaErrors(JSON.parse(Testing.synth(buildAll())))).toEqual([]);
  });
});

describe("azapi binding, HCL", () => {
  it("writes every attribute (cdktf's base class would write empty blocks), nested nulls as ${null}, lifecycle conditions as blocks", () => {
    expect(Testing.synthHcl(buildAll())).toBe(
      [
        "terraform {",
        "required_providers {",
        "  azapi = {",
        'version = "2.12.0"',
        'source = "azure/azapi"',
        "}",
        "}",
        "",
        "",
        "}",
        "",
        'provider "azapi" {',
        `subscription_id = "${SUB}"`,
        'tenant_id = "11111111-1111-1111-1111-111111111111"',
        'environment = "public"',
        "}",
        'resource "azapi_resource" "R" {',
        'type = "Microsoft.Kubernetes/connectedClusters@2026-05-01"',
        'name = "cc1"',
        `parent_id = "${RG}"`,
        'location = "westeurope"',
        "body = {",
        "properties = {",
        'a = "${null}"',
        "b = [",
        "1,",
        "{",
        'c = "${null}"',
        "},",
        "]",
        "d = true",
        "}",
        "}",
        "response_export_values = [",
        '"properties.x",',
        '"properties.y"',
        "]",
        "tags = {",
        'owner = "platform"',
        "}",
        "schema_validation_enabled = false",
        "identity {",
        'type = "UserAssigned"',
        "identity_ids = [",
        '"/ids/1",',
        '"/ids/2",',
        "]",
        "}",
        'provider = "azapi"',
        "lifecycle {",
        "prevent_destroy = true",
        "ignore_changes = [",
        '"tags",',
        "]",
        "precondition {",
        'condition = "${1 == 1}"',
        'error_message = "pre"',
        "}",
        "postcondition {",
        'condition = "${2 == 2}"',
        'error_message = "post"',
        "}",
        "}",
        "}",
        'resource "azapi_update_resource" "U" {',
        'type = "Microsoft.Kubernetes/connectedClusters@2026-05-01"',
        'resource_id = "/cc/1"',
        "body = {",
        "properties = {",
        "gateway = {",
        "enabled = true",
        "}",
        "}",
        "}",
        "response_export_values = [",
        '"properties.gateway"',
        "]",
        "depends_on = [",
        '"azapi_resource.R",',
        "]",
        "}",
        'resource "azapi_resource_action" "A" {',
        'type = "Microsoft.Storage/storageAccounts@2023-05-01"',
        'resource_id = "/sa/1"',
        'action = "listKeys"',
        'method = "POST"',
        'when = "apply"',
        "response_export_values = [",
        '"keys"',
        "]",
        "}",
        'data "azapi_resource_list" "L" {',
        'type = "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01"',
        'parent_id = "/aks/1"',
        "response_export_values = [",
        '"value"',
        "]",
        "depends_on = [",
        '"azapi_resource.R",',
        "]",
        'provider = "azapi"',
        "}",
        "",
        'output "connections" {',
        'value = "${data.azapi_resource_list.L.output.value}"',
        "}",
        "",
        'output "x" {',
        'value = "${azapi_resource.R.output.properties.x}"',
        "}",
        "",
        'output "id" {',
        'value = "${azapi_resource.R.id}"',
        "}",
      ].join("\n"),
    );
  });

  it("re-types lifecycle conditions as blocks inside a lifecycle block", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new AzapiProvider(s, "azapi");
    const r = new AzapiResource(s, "R", {
      type: "T@1",
      name: "n",
      parentId: "/p",
      lifecycle: { preventDestroy: true, precondition: [{ condition: "${true}", errorMessage: "pre" }], postcondition: [{ condition: "${false}", errorMessage: "post" }] },
    });
    expect(r.toHclTerraform().resource.azapi_resource.R.lifecycle).toStrictEqual({
      value: {
        prevent_destroy: true,
        precondition: { value: [{ condition: "${true}", error_message: "pre" }], type: "list", isBlock: true, storageClassType: "object" },
        postcondition: { value: [{ condition: "${false}", error_message: "post" }], type: "list", isBlock: true, storageClassType: "object" },
      },
      isBlock: true,
      type: "simple",
    });
  });

  it("leaves a lifecycle without conditions as cdktf writes it", () => {
    const s = new TerraformStack(Testing.app(), "s");
    new AzapiProvider(s, "azapi");
    new AzapiResource(s, "R", { type: "T@1", name: "n", parentId: "/p", lifecycle: { createBeforeDestroy: true, ignoreChanges: "all" } });
    new AzapiResource(s, "Plain", { type: "T@1", name: "m", parentId: "/p" });
    expect(Testing.synthHcl(s)).toContain(
      ['resource "azapi_resource" "R" {', 'type = "T@1"', 'name = "n"', 'parent_id = "/p"', "lifecycle {", "create_before_destroy = true", 'ignore_changes = "all"', "}", "}", 'resource "azapi_resource" "Plain" {', 'type = "T@1"', 'name = "m"', 'parent_id = "/p"', "}"].join("\n"),
    );
  });

  it("parses back to what the JSON says, nulls included", async () => {
    const { hcl } = build().toHclTerraform();
    const parsed = await parse("main.tf", hcl);
    expect(parsed.resource.azapi_resource.Gw).toEqual([
      {
        type: "Microsoft.HybridCompute/gateways@2026-07-15",
        name: "gw1",
        parent_id: RG,
        location: "westeurope",
        body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
        response_export_values: ["properties.gatewayEndpoint"],
        tags: { owner: "platform" },
      },
    ]);
    expect(parsed.resource.azapi_resource_action.Detach).toEqual([
      {
        type: "Microsoft.HybridCompute/settings@2026-07-15",
        resource_id: "/machines/m1/providers/Microsoft.HybridCompute/settings/default",
        method: "PUT",
        when: "destroy",
        body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
      },
    ]);
    expect(parsed.provider.azapi).toEqual([{ subscription_id: SUB }]);
  });
});

describe("attribute table", () => {
  const table: AttributeTable = {
    s: { kind: "string", value: "text" },
    b: { kind: "bool", value: false },
    n: { kind: "number", value: 3 },
    l: { kind: "stringList", value: ["x", "y"] },
    m: { kind: "stringMap", value: { k: "v" } },
    o: { kind: "object", value: { p: null, q: [null, { r: null }], t: "${x.id}" } },
    k: { kind: "blockList", value: [{ type: "SystemAssigned" }] },
    u: { kind: "string", value: undefined },
    v: { kind: "object", value: undefined },
  };

  it("toJson: each kind through its cdktf mapper, undefined attributes left out, nulls kept", () => {
    expect(toJson(table)).toStrictEqual({ s: "text", b: false, n: 3, l: ["x", "y"], m: { k: "v" }, o: { p: null, q: [null, { r: null }], t: "${x.id}" }, k: [{ type: "SystemAssigned" }] });
  });

  it("toHcl: each kind's HCL type and storage class, blocks only for blockList, nested nulls as ${null}, undefined attributes left out", () => {
    expect(toHcl(table)).toStrictEqual({
      s: { value: "text", isBlock: false, type: "simple", storageClassType: "string" },
      b: { value: false, isBlock: false, type: "simple", storageClassType: "boolean" },
      n: { value: 3, isBlock: false, type: "simple", storageClassType: "number" },
      l: { value: ["x", "y"], isBlock: false, type: "list", storageClassType: "stringList" },
      m: { value: { k: "v" }, isBlock: false, type: "map", storageClassType: "stringMap" },
      o: { value: { p: "${null}", q: ["${null}", { r: "${null}" }], t: "${x.id}" }, isBlock: false, type: "any", storageClassType: "any" },
      k: { value: [{ type: "SystemAssigned" }], isBlock: true, type: "list", storageClassType: "blockList" },
    });
  });

  it("hclNulls rewrites nulls at any depth and copies nothing else", () => {
    const resolvable = Lazy.anyValue({ produce: () => ({ a: null }) });
    const date = new Date(0);
    expect(hclNulls(null)).toBe("${null}");
    expect(hclNulls({ a: null, b: [1, null, { c: null }], d: "${x.id}", e: undefined, f: 0, g: "", h: false })).toStrictEqual({ a: "${null}", b: [1, "${null}", { c: "${null}" }], d: "${x.id}", e: undefined, f: 0, g: "", h: false });
    for (const v of ["text", 5, true, undefined]) expect(hclNulls(v)).toBe(v);
    // Tokens and other non-plain objects pass through as they are.
    expect(hclNulls(resolvable)).toBe(resolvable);
    expect(hclNulls({ r: resolvable, d: date })).toStrictEqual({ r: resolvable, d: date });
    expect((hclNulls({ r: resolvable }) as { r: unknown }).r).toBe(resolvable);
  });
});
