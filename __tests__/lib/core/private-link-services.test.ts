/** lib/core/private-link-services.ts: the private-link service and zone catalogue. */
import { forwarderZones, knownZones, PRIVATE_LINK_SERVICES, zonesFor } from "../../../lib/core";
import { exactly } from "../../support/errors";

const HIS = "privatelink.his.arc.azure.com";
const GC = "privatelink.guestconfiguration.azure.com";
const DP = "privatelink.dp.kubernetesconfiguration.azure.com";
const BLOB = "privatelink.blob.core.windows.net";

describe("zone catalogue", () => {
  it("knows each service's target type, sub-resource, zones and address budget", () => {
    expect(PRIVATE_LINK_SERVICES).toEqual({
      arc: { resourceType: "Microsoft.HybridCompute/privateLinkScopes", subresource: "hybridcompute", zones: [HIS, GC, DP], addresses: 5 },
      monitor: {
        resourceType: "Microsoft.Insights/privateLinkScopes",
        subresource: "azuremonitor",
        zones: ["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", BLOB],
        addresses: 32,
      },
      keyvault: { resourceType: "Microsoft.KeyVault/vaults", subresource: "vault", zones: ["privatelink.vaultcore.azure.net"], addresses: 1 },
      blob: { resourceType: "Microsoft.Storage/storageAccounts", subresource: "blob", zones: [BLOB], addresses: 1 },
      automation: { resourceType: "Microsoft.Automation/automationAccounts", subresource: "DSCAndHybridWorker", zones: ["privatelink.azure-automation.net"], addresses: 2 },
      aks: { resourceType: "Microsoft.ContainerService/managedClusters", subresource: "management", zones: ["privatelink.{region}.azmk8s.io"], addresses: 1 },
    });
  });

  it("zonesFor: a service's zones in order, the AKS zone for the region", () => {
    expect(zonesFor("arc")).toEqual([HIS, GC, DP]);
    expect(zonesFor("arc", "westus3")).toEqual([HIS, GC, DP]);
    expect(zonesFor("monitor")).toEqual(["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", BLOB]);
    expect(zonesFor("keyvault")).toEqual(["privatelink.vaultcore.azure.net"]);
    expect(zonesFor("blob")).toEqual([BLOB]);
    expect(zonesFor("automation")).toEqual(["privatelink.azure-automation.net"]);
    expect(zonesFor("aks", "westus3")).toEqual(["privatelink.westus3.azmk8s.io"]);
  });

  it("zonesFor: the AKS zone fails without a region", () => {
    expect(() => zonesFor("aks")).toThrow(exactly("zone privatelink.{region}.azmk8s.io of service aks needs a region"));
    expect(() => zonesFor("aks", "")).toThrow(exactly("zone privatelink.{region}.azmk8s.io of service aks needs a region"));
  });

  it("knownZones: every zone of the catalogue for a region, each once", () => {
    expect(knownZones("westus3")).toEqual([
      HIS,
      GC,
      DP,
      "privatelink.monitor.azure.com",
      "privatelink.oms.opinsights.azure.com",
      "privatelink.ods.opinsights.azure.com",
      "privatelink.agentsvc.azure-automation.net",
      BLOB,
      "privatelink.vaultcore.azure.net",
      "privatelink.azure-automation.net",
      "privatelink.westus3.azmk8s.io",
    ]);
  });

  it("forwarderZones: the public zone without privatelink., with the Key Vault exception", () => {
    expect(forwarderZones(HIS)).toEqual(["his.arc.azure.com"]);
    expect(forwarderZones(DP)).toEqual(["dp.kubernetesconfiguration.azure.com"]);
    expect(forwarderZones(BLOB)).toEqual(["blob.core.windows.net"]);
    expect(forwarderZones("privatelink.vaultcore.azure.net")).toEqual(["vault.azure.net", "vaultcore.azure.net"]);
    // A fresh list each time: changing one never changes the catalogue.
    forwarderZones("privatelink.vaultcore.azure.net").push("changed");
    expect(forwarderZones("privatelink.vaultcore.azure.net")).toEqual(["vault.azure.net", "vaultcore.azure.net"]);
  });

  it("forwarderZones: <region>.azmk8s.io for an AKS zone, with or without one subzone", () => {
    expect(forwarderZones("privatelink.westus3.azmk8s.io")).toEqual(["westus3.azmk8s.io"]);
    expect(forwarderZones("ops.privatelink.westus3.azmk8s.io")).toEqual(["westus3.azmk8s.io"]);
    expect(forwarderZones("team-1.privatelink.eastus2.azmk8s.io")).toEqual(["eastus2.azmk8s.io"]);
  });

  it("forwarderZones: a zone that is not a privatelink zone is forwarded as written", () => {
    expect(forwarderZones("contoso.internal")).toEqual(["contoso.internal"]);
    expect(forwarderZones("corp.privatelink.contoso.internal")).toEqual(["corp.privatelink.contoso.internal"]);
    // Two labels before privatelink, or more after azmk8s.io: not an AKS zone.
    expect(forwarderZones("a.b.privatelink.westus3.azmk8s.io")).toEqual(["a.b.privatelink.westus3.azmk8s.io"]);
    expect(forwarderZones("privatelink.westus3.azmk8s.io.contoso.internal")).toEqual(["westus3.azmk8s.io.contoso.internal"]);
  });
});
