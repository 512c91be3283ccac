import { PrivateDnsARecord } from "@cdktf/provider-azurerm/lib/private-dns-a-record";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { fail, PRIVATE_LINK_SERVICES, SubnetRef } from "../core";
import { PrivateEndpoint } from "../private-endpoint";
import { aksPrivateZoneName, aksRecordName } from "./zone";


export interface AksApiServerEndpointProps {
  /** Endpoint name, e.g. from `aksEndpointName`. */
  readonly name: string;
  readonly resourceGroupName: string;
  /** The hub's endpoint subnet. */
  readonly subnet: SubnetRef;
  /** ARM id of the cluster (`Microsoft.ContainerService/managedClusters`). */
  readonly clusterId: string;
  /** The cluster's region: the zone is `privatelink.<region>.azmk8s.io`. */
  readonly clusterRegion: string;
  /** The cluster's private FQDN (`az aks show --query privateFqdn`). */
  readonly privateFqdn: string;
  /** The hub's zone for that region, as created or imported (`PrivateDnsZones.zoneRef`); the record is created with the zone's `provider` when it has one (a zone in another subscription). */
  readonly zone: { readonly zoneName: string; readonly resourceGroupName: string; readonly provider?: TerraformProvider };
  /** Cross-tenant or cross-subscription clusters: the owner approves. @default - automatic approval */
  readonly manualApproval?: { readonly requestMessage: string };
  /** @default 300 */
  readonly ttl?: number;
}

/**
 * A private endpoint in the hub to a private cluster's API server
 * (`Microsoft.ContainerService/managedClusters`, sub-resource `management`)
 * and an A record for the cluster's private FQDN in the hub's
 * `privatelink.<region>.azmk8s.io` zone, pointing at the endpoint's IP.
 */
export class AksApiServerEndpoint extends Construct {
  public readonly endpoint: PrivateEndpoint;
  public readonly record: PrivateDnsARecord;

  constructor(scope: Construct, id: string, props: AksApiServerEndpointProps) {
    super(scope, id);
    const zoneName = aksPrivateZoneName(props.clusterRegion);
    if (!Token.isUnresolved(props.zone.zoneName) && props.zone.zoneName !== zoneName) {
      fail(`${this.node.path}.zone`, props.zone.zoneName, `the record of a cluster in ${props.clusterRegion} goes in ${zoneName}`, `pass the hub's ${zoneName} zone`);
    }
    const recordName = aksRecordName(props.privateFqdn, props.clusterRegion);
    if (!recordName) {
      fail(`${this.node.path}.privateFqdn`, props.privateFqdn, `a private cluster's FQDN in ${props.clusterRegion} ends with .${zoneName}`, "copy it from `az aks show --query privateFqdn`, and check the region");
    }
    const service = PRIVATE_LINK_SERVICES.aks;
    this.endpoint = new PrivateEndpoint(this, "Endpoint", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      subnet: props.subnet,
      targetResourceId: props.clusterId,
      subresourceNames: [service.subresource],
      manualApproval: props.manualApproval,
    });
    this.record = new PrivateDnsARecord(this, "Record", {
      name: recordName,
      zoneName: props.zone.zoneName,
      resourceGroupName: props.zone.resourceGroupName,
      ttl: props.ttl ?? 300,
      records: [this.endpoint.privateIpAddress],
      provider: props.zone.provider,
    });
  }
}
