/** The Azure name-length check must be able to fail: one past a limit is an error, at the limit none, and references are skipped. */
import { azureNameErrors } from "./name-limits";

const stack = (type: string, body: Record<string, unknown>, kind: "resource" | "data" = "resource") => ({ [kind]: { [type]: { x: body } } });

it("accepts names at Azure's limits", () => {
  expect(azureNameErrors("s", stack("azurerm_virtual_network", { name: "v".repeat(64) }))).toEqual([]);
  expect(azureNameErrors("s", stack("azurerm_virtual_network", { name: "vn" }))).toEqual([]);
  expect(azureNameErrors("s", stack("azurerm_resource_group", { name: "r".repeat(90) }, "data"))).toEqual([]);
});

it("refuses a name one past a limit, in blocks too, naming the stack, the resource and the attribute", () => {
  expect(azureNameErrors("s", stack("azurerm_virtual_network", { name: "v".repeat(65) }))).toEqual([`s: azurerm_virtual_network.x: name "${"v".repeat(65)}" has 65 characters; Azure allows 2-64`]);
  expect(azureNameErrors("s", stack("azurerm_virtual_network", { name: "v" }))).toEqual([`s: azurerm_virtual_network.x: name "v" has 1 character; Azure allows 2-64`]);
  expect(azureNameErrors("s", stack("azurerm_kubernetes_cluster", { name: "aks", dns_prefix: "d".repeat(55) }))).toEqual([`s: azurerm_kubernetes_cluster.x: dns_prefix "${"d".repeat(55)}" has 55 characters; Azure allows 1-54`]);
  expect(azureNameErrors("s", stack("azurerm_network_security_group", { name: "nsg", security_rule: [{ name: "ok" }, { name: "r".repeat(81) }] }))).toHaveLength(1);
  expect(azureNameErrors("s", stack("azurerm_resource_group", { name: "r".repeat(91) }, "data"))).toEqual([`s: data.azurerm_resource_group.x: name "${"r".repeat(91)}" has 91 characters; Azure allows 1-90`]);
});

it("skips references and types without limits", () => {
  expect(azureNameErrors("s", stack("azurerm_virtual_network", { name: `\${var.name}${"v".repeat(80)}` }))).toEqual([]);
  expect(azureNameErrors("s", stack("azurerm_something_else", { name: "v".repeat(500) }))).toEqual([]);
});
