import { Token } from "cdktf";
import { Construct } from "constructs";
import { armIdArgument, fail, parseArmId } from "../core";
import { AzapiResourceAction, AzapiUpdateResource } from "../azapi";

/**
 * API version of `Microsoft.HybridCompute/machines`: the newest stable one
 * that azapi 2.12's embedded ARM schemas know, with
 * `properties.privateLinkScopeResourceId` (2025-01-13 has it too).
 */
export const ARC_MACHINE_API_VERSION = "2026-07-15";

/**
 * Minutes the scope can take to accept connections from a newly associated
 * server (Microsoft Learn, "Use Azure Private Link to securely connect
 * servers to Azure Arc", "Configure an existing Azure Arc-enabled server").
 */
export const SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES = 15;

const MACHINE_TYPE = "Microsoft.HybridCompute/machines";

export interface ArcMachineScopeAssociationProps {
  /** ARM id of the Arc-enabled server: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<name>`. */
  readonly machineId: string;
  /** ARM id of the Arc Private Link Scope (`Microsoft.HybridCompute/privateLinkScopes`); the server must be in its region. */
  readonly privateLinkScopeId: string;
  /** @default ARC_MACHINE_API_VERSION */
  readonly apiVersion?: string;
}

/**
 * Associates an existing Arc-enabled server with an Arc Private Link Scope,
 * as the portal's "Azure Arc resources > Add" on the scope does (Microsoft
 * Learn, "Use Azure Private Link to securely connect servers to Azure Arc"):
 * the machine's own `properties.privateLinkScopeResourceId`.
 *
 * - `association`: an `azapi_update_resource` of
 *   `Microsoft.HybridCompute/machines@<apiVersion>` with
 *   `{ "properties": { "privateLinkScopeResourceId": "<scope id>" } }`
 *   (azapi reads the machine, merges the body and writes it back; a later
 *   plan shows drift if someone moves the server to another scope).
 * - `releaseOnDestroy`: a destroy-time `azapi_resource_action` that PATCHes
 *   `privateLinkScopeResourceId: null`, so `terraform destroy` (or removing
 *   the server from the list) releases the server instead of leaving it
 *   pointing at a scope that may be gone.
 *
 * The scope can take up to `SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES` (15)
 * minutes to accept the server. The server and the scope must share a
 * region; the construct cannot see the server's region, so the topology
 * checks it (`privateLink.machines[].location`).
 *
 * @throws when `machineId` is not the ARM id of a `Microsoft.HybridCompute/machines` resource.
 */
export class ArcMachineScopeAssociation extends Construct {
  public readonly association: AzapiUpdateResource;
  public readonly releaseOnDestroy: AzapiResourceAction;

  constructor(scope: Construct, id: string, props: ArcMachineScopeAssociationProps) {
    super(scope, id);
    const machineId = armIdArgument(props.machineId);
    if (!Token.isUnresolved(machineId) && parseArmId(machineId)?.type.toLowerCase() !== MACHINE_TYPE.toLowerCase()) {
      fail(`${this.node.path}.machineId`, machineId, `must be the ARM id of a ${MACHINE_TYPE} resource`, `use /subscriptions/<id>/resourceGroups/<rg>/providers/${MACHINE_TYPE}/<name>`);
    }
    const type = `${MACHINE_TYPE}@${props.apiVersion ?? ARC_MACHINE_API_VERSION}`;
    this.association = new AzapiUpdateResource(this, "Association", {
      type,
      resourceId: machineId,
      body: { properties: { privateLinkScopeResourceId: props.privateLinkScopeId } },
    });
    this.releaseOnDestroy = new AzapiResourceAction(this, "ReleaseOnDestroy", {
      type,
      resourceId: machineId,
      method: "PATCH",
      when: "destroy",
      body: { properties: { privateLinkScopeResourceId: null } },
      // Destroyed (and so run) before the association and the scope it references.
      dependsOn: [this.association],
    });
  }
}
