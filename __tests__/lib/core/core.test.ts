import { Testing, TerraformStack } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ArcConnectivityError, DefaultTags, hisRegionCode, isAzureRegion, parseArmId, problem, resourceName, suggest } from "../../../lib/core";

describe("core", () => {
  it("formats a problem with path, value, rule and fix", () => {
    const e = new ArcConnectivityError(problem("spokes[1].addressSpace[0]", "10.0.0.1/24", "has host bits set", "use 10.0.0.0/24"));
    expect(e.message).toBe('spokes[1].addressSpace[0]: has host bits set; got "10.0.0.1/24". Fix: use 10.0.0.0/24');
    expect(ArcConnectivityError.is(e)).toBe(true);
    expect(ArcConnectivityError.is(new Error("x"))).toBe(false);
  });

  it("suggests close names only", () => {
    expect(suggest("westeurpoe", ["westeurope", "northeurope"])).toBe("westeurope");
    expect(suggest("mars", ["westeurope", "northeurope"])).toBeUndefined();
  });

  it("knows regions and the documented his codes, and lets a code be overridden", () => {
    expect(isAzureRegion("westus3")).toBe(true);
    expect(isAzureRegion("West Europe")).toBe(false);
    expect(hisRegionCode("eastus")).toBe("eus");
    expect(hisRegionCode("westeurope")).toBe("weu");
    expect(hisRegionCode("swedencentral")).toBeUndefined();
    expect(hisRegionCode("swedencentral", "sdc")).toBe("sdc");
  });

  it("parses ARM ids and builds CAF names", () => {
    expect(parseArmId("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.KeyVault/vaults/kv1")).toEqual({
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      resourceGroup: "rg-x",
      type: "Microsoft.KeyVault/vaults",
      name: "kv1",
    });
    expect(parseArmId("/subscriptions/x/resourceGroups")).toBeUndefined();
    expect(resourceName("virtualNetwork", "Contoso", undefined, "hub")).toBe("vnet-contoso-hub");
  });

  it("DefaultTags tags every taggable resource, and a resource's own tags win", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    DefaultTags.apply(stack, { owner: "platform", env: "prod" });
    new ResourceGroup(stack, "A", { name: "a", location: "westeurope" });
    new ResourceGroup(stack, "B", { name: "b", location: "westeurope", tags: { env: "dev" } });
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.resource.azurerm_resource_group.A.tags).toEqual({ owner: "platform", env: "prod" });
    expect(tf.resource.azurerm_resource_group.B.tags).toEqual({ owner: "platform", env: "dev" });
  });
});
