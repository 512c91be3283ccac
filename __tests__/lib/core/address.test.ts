/**
 * lib/core/address.ts: readable Terraform names from construct paths
 * (`readableTerraformName`), and per stack (`readableLogicalId`). The stacks'
 * addresses are tested in __tests__/stacks/addresses.test.ts.
 */
import { createHash } from "node:crypto";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { TerraformElement, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct, Node } from "constructs";
import * as fc from "fast-check";
import { constructIdWords, readableLogicalId, readableTerraformName } from "../../../lib/core";
import { TERRAFORM_IDENTIFIER } from "../../support/addresses";
import { synthStack } from "../../support/synth";

describe("readableTerraformName: the rules one by one", () => {
  it("splits each id into lower-case words at camelCase boundaries and at every character other than a letter or digit", () => {
    expect(constructIdWords("PrivateLinkScope")).toEqual(["private", "link", "scope"]);
    expect(constructIdWords("DNSZone")).toEqual(["dns", "zone"]);
    expect(constructIdWords("Spoke-a.b_c")).toEqual(["spoke", "a", "b", "c"]);
    expect(constructIdWords("a--b__c")).toEqual(["a", "b", "c"]);
    expect(constructIdWords("k8s2Nodes")).toEqual(["k8s2", "nodes"]);
    expect(constructIdWords("privatelink.blob.core.windows.net")).toEqual(["privatelink", "blob", "core", "windows", "net"]);
    expect(constructIdWords("-._")).toEqual([]);
  });

  it("joins the words of the path with _, below the stack", () => {
    expect(readableTerraformName(["OnPremises", "LocalNetworkGateway"], "azurerm_public_ip")).toBe("on_premises_local_network_gateway");
    expect(readableTerraformName(["Spoke-k8s", "Subnet-nodes"], "azurerm_subnet")).toBe("spoke_k8s_subnet_nodes");
  });

  it("leaves out cdktf's hidden ids Resource and Default", () => {
    expect(readableTerraformName(["AksCluster-ops", "Resource"], "azurerm_kubernetes_cluster")).toBe("aks_cluster_ops");
    expect(readableTerraformName(["Default", "Hub", "Default", "Inbound"], "azurerm_private_dns_resolver_inbound_endpoint")).toBe("hub_inbound");
    // Only the exact ids: words that merely contain them stay.
    expect(readableTerraformName(["Resources", "DefaultRoute"], "azurerm_route")).toBe("resources_default_route");
  });

  it("leaves out an id whose words only repeat the type's trailing words (after the provider prefix)", () => {
    expect(readableTerraformName(["Arc", "Endpoint", "Resource"], "azurerm_private_endpoint")).toBe("arc");
    expect(readableTerraformName(["Hub", "VirtualNetwork"], "azurerm_virtual_network")).toBe("hub");
    expect(readableTerraformName(["Hub", "Network"], "azurerm_virtual_network")).toBe("hub");
    expect(readableTerraformName(["Spoke-a", "SecurityGroup", "Resource"], "azurerm_network_security_group")).toBe("spoke_a");
    expect(readableTerraformName(["Zone", "privatelink.blob.core.windows.net", "Resource"], "azurerm_private_dns_zone")).toBe("privatelink_blob_core_windows_net");
    // Data sources too: the type without `data.`.
    expect(readableTerraformName(["Aks", "ClientConfig"], "azurerm_client_config")).toBe("aks");
  });

  it("keeps an id with any other word, and an id that repeats words that do not end the type", () => {
    expect(readableTerraformName(["Hub", "EndpointSubnet"], "azurerm_subnet")).toBe("hub_endpoint_subnet");
    expect(readableTerraformName(["Spoke-a", "SecurityGroup", "Association-web"], "azurerm_subnet_network_security_group_association")).toBe("spoke_a_security_group_association_web");
    // `private dns` is in azurerm_private_dns_zone, but does not end it.
    expect(readableTerraformName(["PrivateDns", "x.net", "Resource"], "azurerm_private_dns_zone")).toBe("private_dns_x_net");
    // The provider prefix is not a word of the type.
    expect(readableTerraformName(["Azurerm", "Group"], "azurerm_resource_group")).toBe("azurerm");
  });

  it("is never empty: with no words left, the type's words after the provider prefix", () => {
    expect(readableTerraformName(["ResourceGroup"], "azurerm_resource_group")).toBe("resource_group");
    expect(readableTerraformName(["ClientConfig"], "azurerm_client_config")).toBe("client_config");
    expect(readableTerraformName(["Resource"], "azurerm_private_endpoint")).toBe("private_endpoint");
    expect(readableTerraformName(["-.-"], "azapi_resource")).toBe("resource");
    expect(readableTerraformName([], "random")).toBe("random");
  });

  it("puts _ before a name that would start with a digit", () => {
    expect(readableTerraformName(["1st"], "azurerm_resource_group")).toBe("_1st");
    expect(readableTerraformName(["42", "Web"], "azurerm_subnet")).toBe("_42_web");
    expect(readableTerraformName(["Spoke-1a"], "azurerm_virtual_network")).toBe("spoke_1a");
  });

  it("gives a Terraform identifier for any path and type", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), fc.stringMatching(/^[a-z0-9]{1,8}(_[a-z0-9]{1,8}){0,4}$/), (path, type) => {
        expect(readableTerraformName(path, type)).toMatch(TERRAFORM_IDENTIFIER);
      }),
      { numRuns: 300 },
    );
  });
});

/** A stack of a library user who opts in with the documented one line. */
class ReadableStack extends TerraformStack {
  protected override allocateLogicalId(e: TerraformElement | Node): string {
    return readableLogicalId(this, e);
  }
}

function readableStack(): TerraformStack {
  const s = new ReadableStack(Testing.app(), "mine");
  new AzurermProvider(s, "azurerm", { features: [{}] });
  return s;
}

describe("readableLogicalId: per stack", () => {
  const rg = (scope: Construct, id: string) => new ResourceGroup(scope, id, { name: id.toLowerCase(), location: "westeurope" });

  it("opts a library user's own TerraformStack in with one line; outputs and variables keep cdktf's ids", () => {
    const s = readableStack();
    const group = rg(new Construct(s, "Platform"), "ResourceGroup");
    new DataAzurermClientConfig(s, "ClientConfig", {});
    new TerraformVariable(s, "region", { type: "string" });
    new TerraformOutput(s, "group_id", { value: group.id });
    const tf = synthStack(s);
    expect(Object.keys(tf.resource.azurerm_resource_group)).toEqual(["platform"]);
    expect(Object.keys(tf.data.azurerm_client_config)).toEqual(["client_config"]);
    expect(tf.output).toEqual({ group_id: { value: "${azurerm_resource_group.platform.id}" } });
    expect(Object.keys(tf.variable)).toEqual(["region"]);
  });

  it("a collision: the first element keeps the name, a later one gets _ and 6 hex digits of a hash of its own path", () => {
    const s = readableStack();
    const first = rg(s, "App-1");
    const second = rg(s, "App_1");
    const third = rg(s, "app.1");
    expect([first.friendlyUniqueId, second.friendlyUniqueId, third.friendlyUniqueId]).toEqual(["app_1", "app_1_8d573d", "app_1_074a76"]);
    // The suffix is the first 6 hex digits of the SHA-256 of the construct path below the stack.
    expect(createHash("sha256").update("App_1").digest("hex").slice(0, 6)).toBe("8d573d");
    // Memoized: asking again gives the same names.
    expect(readableLogicalId(s, second)).toBe("app_1_8d573d");
  });

  it("a name, once given, never changes: the element whose attribute is read first (cdktf writes the name into the reference) keeps it", () => {
    const s = readableStack();
    const a = rg(s, "Web-A");
    const b = rg(s, "Web_A");
    void b.id;
    expect(a.friendlyUniqueId).toBe("web_a_cb1c88");
    expect(b.friendlyUniqueId).toBe("web_a");
  });

  it("a resource and a data source, or two types, may share a name: addresses are per type and kind", () => {
    const s = readableStack();
    rg(s, "Main");
    new DataAzurermClientConfig(s, "MAIN", {});
    const tf = synthStack(s);
    expect([Object.keys(tf.resource.azurerm_resource_group), Object.keys(tf.data.azurerm_client_config)]).toEqual([["main"], ["main"]]);
  });

  it("an id starting with a digit gives a name starting with _", () => {
    const s = readableStack();
    rg(s, "1st");
    expect(Object.keys(synthStack(s).resource.azurerm_resource_group)).toEqual(["_1st"]);
  });

  it("respects an overrideLogicalId and leaves other stacks alone", () => {
    const app = Testing.app();
    const s = new ReadableStack(app, "one");
    const plain = new TerraformStack(app, "two");
    for (const st of [s, plain]) new AzurermProvider(st, "azurerm", { features: [{}] });
    rg(s, "Named").overrideLogicalId("kept");
    const other = rg(plain, "Named");
    expect(Object.keys(synthStack(s).resource.azurerm_resource_group)).toEqual(["kept"]);
    expect(other.friendlyUniqueId).toBe("Named");
  });
});
