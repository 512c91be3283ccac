import { AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import type { BackendPlan } from "../topology/plan";

/**
 * One Terraform root per stack: a local state file, one Terraform Cloud /
 * Enterprise workspace (in a project, if the plan names one), or one blob
 * in Azure Storage reached with Entra ID only (`use_azuread_auth`; the
 * topology has no field for an access key, SAS token or client secret).
 */
export function configureBackend(stack: TerraformStack, backend: BackendPlan): void {
  switch (backend.type) {
    case "cloud":
      new CloudBackend(stack, { hostname: backend.hostname, organization: backend.organization, workspaces: new NamedCloudWorkspace(backend.workspace, backend.project) });
      break;
    case "azurerm": {
      // The plan's fields are cdktf's names, and it leaves out the optional ones the topology does not set.
      const { type: _type, ...config } = backend;
      new AzurermBackend(stack, { ...config, useAzureadAuth: true });
      break;
    }
    default:
      new LocalBackend(stack, { path: backend.path });
  }
}

/** A stack with plain files (e.g. a firewall allowlist) to write next to its Terraform. */
export interface StackWithFiles {
  readonly files: Readonly<Record<string, string>>;
}
