import { parse } from "@cdktf/hcl2json";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AzapiProvider, AzapiResource, AzapiResourceAction, AzapiUpdateResource } from "../../../lib/azapi";
import { hclNulls } from "../../../lib/azapi/attributes";
import { HAVE_SCHEMAS, schemaErrors } from "../../support/schema-check";

function build(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "s");
  new AzapiProvider(s, "azapi", { subscriptionId: "00000000-0000-0000-0000-000000000000" });
  const gw = new AzapiResource(s, "Gw", {
    type: "Microsoft.HybridCompute/gateways@2026-07-15",
    name: "gw1",
    parentId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg",
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

describe("azapi binding", () => {
  it("synthesizes JSON with the azapi provider source and version constraint", () => {
    const tf = JSON.parse(Testing.synth(build()));
    expect(tf.terraform.required_providers.azapi).toEqual({ source: "azure/azapi", version: "2.12.0" });
    expect(tf.provider.azapi).toEqual([{ subscription_id: "00000000-0000-0000-0000-000000000000" }]);
    const { ["//"]: _meta, ...gw } = tf.resource.azapi_resource.Gw;
    expect(gw).toEqual({
      type: "Microsoft.HybridCompute/gateways@2026-07-15",
      name: "gw1",
      parent_id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg",
      location: "westeurope",
      body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
      response_export_values: ["properties.gatewayEndpoint"],
      tags: { owner: "platform" },
    });
    expect(tf.resource.azapi_update_resource.Update.body.properties.gatewayProperties.gatewayResourceId).toBe("${azapi_resource.Gw.id}");
    expect(tf.resource.azapi_resource_action.Detach).toEqual(expect.objectContaining({ method: "PUT", when: "destroy", body: { properties: { gatewayProperties: { gatewayResourceId: null } } } }));
    expect(tf.output.endpoint.value).toBe("${azapi_resource.Gw.output.properties.gatewayEndpoint}");
  });

  (HAVE_SCHEMAS ? it : it.skip)("conforms to the azapi 2.12 provider schema", () => {
    expect(schemaErrors(JSON.parse(Testing.synth(build())))).toEqual([]);
  });

  it("synthesizes HCL too (cdktf's base class would write empty blocks), with nested nulls kept", async () => {
    const { hcl } = build().toHclTerraform();
    expect(hcl).not.toMatch(/Warning/);
    const parsed = await parse("main.tf", hcl);
    expect(parsed.resource.azapi_resource.Gw[0]).toEqual(
      expect.objectContaining({ type: "Microsoft.HybridCompute/gateways@2026-07-15", parent_id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg", location: "westeurope", response_export_values: ["properties.gatewayEndpoint"] }),
    );
    expect(parsed.resource.azapi_resource.Gw[0].body).toEqual({ properties: { gatewayType: "Public", allowedFeatures: ["*"] } });
    // Written as "${null}" (the renderer crashes on a raw nested null); HCL evaluates it to null.
    expect(hcl).toContain('gatewayResourceId = "${null}"');
    expect(parsed.resource.azapi_resource_action.Detach[0]).toEqual(expect.objectContaining({ when: "destroy", method: "PUT", body: { properties: { gatewayProperties: { gatewayResourceId: null } } } }));
    expect(parsed.provider.azapi[0]).toEqual({ subscription_id: "00000000-0000-0000-0000-000000000000" });
  });

  it("hclNulls rewrites nested nulls only, leaving tokens and values alone", () => {
    expect(hclNulls({ a: null, b: [1, null, { c: null }], d: "${x.id}" })).toEqual({ a: "${null}", b: [1, "${null}", { c: "${null}" }], d: "${x.id}" });
  });
});
