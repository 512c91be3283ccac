/**
 * lib/core's pieces that work on constructs: DefaultTags, importedReference,
 * claimExclusive / claimCapacity, and cdktf's token format that
 * terraformLiteral keeps. The azurerm classes are loaded by the tests that
 * use them (a mutation run loads every test file for every mutant).
 */
import { Aspects, TerraformStack, Testing, Token } from "cdktf";
import { Construct } from "constructs";
import { ArcConnectivityError, DefaultTags, claimCapacity, claimExclusive, importedReference, terraformLiteral } from "../../../lib/core";

/* eslint-disable @typescript-eslint/no-require-imports */
const azurerm = () => ({
  ResourceGroup: (require("@cdktf/provider-azurerm/lib/resource-group") as typeof import("@cdktf/provider-azurerm/lib/resource-group")).ResourceGroup,
  Subnet: (require("@cdktf/provider-azurerm/lib/subnet") as typeof import("@cdktf/provider-azurerm/lib/subnet")).Subnet,
});
/* eslint-enable @typescript-eslint/no-require-imports */

/** The error a call throws (fails the test when it throws nothing). */
function thrown(f: () => void): ArcConnectivityError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ArcConnectivityError);
    return e as ArcConnectivityError;
  }
  throw new Error("expected an ArcConnectivityError");
}

describe("DefaultTags", () => {
  it("tags every taggable resource, and a resource's own tags win", () => {
    const { ResourceGroup, Subnet } = azurerm();
    const stack = new TerraformStack(Testing.app(), "s");
    DefaultTags.apply(stack, { owner: "platform", env: "prod" });
    new ResourceGroup(stack, "A", { name: "a", location: "westeurope" });
    new ResourceGroup(stack, "B", { name: "b", location: "westeurope", tags: { env: "dev" } });
    new ResourceGroup(stack, "C", { name: "c", location: "westeurope", tags: {} });
    new Subnet(stack, "S", { name: "s", resourceGroupName: "a", virtualNetworkName: "v", addressPrefixes: ["10.0.0.0/24"] });
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.resource.azurerm_resource_group.A.tags).toEqual({ owner: "platform", env: "prod" });
    expect(tf.resource.azurerm_resource_group.B.tags).toEqual({ owner: "platform", env: "dev" });
    expect(tf.resource.azurerm_resource_group.C.tags).toEqual({ owner: "platform", env: "prod" });
    expect(Object.keys(tf.resource.azurerm_subnet.S).sort()).toEqual(["address_prefixes", "name", "resource_group_name", "virtual_network_name"]);
  });

  it("leaves constructs without tags alone", () => {
    const { Subnet } = azurerm();
    const stack = new TerraformStack(Testing.app(), "s");
    DefaultTags.apply(stack, { owner: "platform" });
    const plain = new Construct(stack, "Plain");
    const subnet = new Subnet(stack, "S", { name: "s", resourceGroupName: "a", virtualNetworkName: "v" });
    Testing.synth(stack);
    expect(Object.prototype.hasOwnProperty.call(plain, "tags")).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(subnet, "tags")).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(stack, "tags")).toBe(false);
  });

  it("adds one aspect for some tags and none for no tags", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    DefaultTags.apply(stack, {});
    expect(Aspects.of(stack).all).toEqual([]);
    DefaultTags.apply(stack, { a: "b" });
    expect(Aspects.of(stack).all.length).toBe(1);
    expect(Aspects.of(stack).all[0]).toBeInstanceOf(DefaultTags);
  });
});

describe("importedReference", () => {
  it("is a construct at scope/id carrying the attributes", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ref = importedReference(stack, "Imported", { subnetId: "/x/subnets/s", name: "s" });
    expect(ref).toBeInstanceOf(Construct);
    expect(ref.node.path).toBe("s/Imported");
    expect(ref.node.scope).toBe(stack);
    expect([ref.subnetId, ref.name]).toEqual(["/x/subnets/s", "s"]);
    expect(stack.node.children).toEqual([ref]);
  });
});

describe("claimExclusive", () => {
  it("lets one construct hold a key, again and again, and refuses a second holder with the exact message", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const a = new Construct(stack, "A");
    const b = new Construct(stack, "B");
    claimExclusive(a, "vnet-1", "one scope per network", "use one scope");
    claimExclusive(a, "vnet-1", "one scope per network", "use one scope");
    claimExclusive(b, "vnet-2", "one scope per network", "use one scope");
    const e = thrown(() => claimExclusive(b, "vnet-1", "one scope per network", "use one scope"));
    expect(e.problems).toEqual([{ path: "s/B", message: 'one scope per network (already held by s/A); got "vnet-1". Fix: use one scope' }]);
    // the refused claim changed nothing: A still holds it
    claimExclusive(a, "vnet-1", "r", "f");
    expect(thrown(() => claimExclusive(b, "vnet-1", "r", "f")).message).toBe('s/B: r (already held by s/A); got "vnet-1". Fix: f');
  });

  it("keeps claims per app", () => {
    const one = new Construct(new TerraformStack(Testing.app(), "s"), "A");
    const two = new Construct(new TerraformStack(Testing.app(), "s"), "B");
    claimExclusive(one, "k", "r", "f");
    claimExclusive(two, "k", "r", "f");
    const other = new Construct(one.node.scope!, "C");
    expect(thrown(() => claimExclusive(other, "k", "r", "f")).message).toBe('s/C: r (already held by s/A); got "k". Fix: f');
  });
});

describe("claimCapacity", () => {
  it("passes at the limit and fails at the first use past it, with the exact message", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const a = new Construct(stack, "A");
    const b = new Construct(stack, "B");
    claimCapacity(a, "peerings:hub", 3, "peerings of hub", "use fewer spokes");
    claimCapacity(a, "peerings:hub", 3, "peerings of hub", "use fewer spokes");
    claimCapacity(b, "peerings:hub", 3, "peerings of hub", "use fewer spokes");
    claimCapacity(b, "peerings:other", 3, "peerings of other", "use fewer spokes");
    const e = thrown(() => claimCapacity(b, "peerings:hub", 3, "peerings of hub", "use fewer spokes"));
    expect(e.problems).toEqual([{ path: "s/B", message: "peerings of hub: this would be number 4, and Azure allows 3; got 4. Fix: use fewer spokes" }]);
    // the refused use is not counted
    expect(thrown(() => claimCapacity(a, "peerings:hub", 3, "peerings of hub", "f")).message).toBe("s/A: peerings of hub: this would be number 4, and Azure allows 3; got 4. Fix: f");
  });

  it("refuses the first use of a capacity of 0, and counts per app", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(thrown(() => claimCapacity(new Construct(stack, "A"), "k", 0, "r", "f")).message).toBe("s/A: r: this would be number 1, and Azure allows 0; got 1. Fix: f");
    claimCapacity(new Construct(new TerraformStack(Testing.app(), "s"), "A"), "k", 1, "r", "f");
    claimCapacity(new Construct(new TerraformStack(Testing.app(), "s"), "A"), "k", 1, "r", "f");
  });
});

describe("cdktf tokens in terraformLiteral", () => {
  it("has the format terraformLiteral keeps, and keeps real tokens", () => {
    const token = Token.asString({ ref: "a" });
    expect(token).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(terraformLiteral(`\${x} ${token} %{y}`)).toBe(`$\${x} ${token} %%{y}`);
  });
});
