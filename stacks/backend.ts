import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { BackendConfig } from "./topology";

/**
 * One Terraform root per stack: a local state file, or one Terraform Cloud
 * / Enterprise workspace named `<workspacePrefix><stack name>`.
 */
export function configureBackend(stack: TerraformStack, backend: BackendConfig, stackName: string): void {
  if (backend.type === "cloud") {
    new CloudBackend(stack, {
      hostname: backend.hostname,
      organization: backend.organization,
      workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${stackName}`),
    });
  } else {
    new LocalBackend(stack, { path: backend.path?.replace("{stack}", stackName) ?? `terraform.${stackName}.tfstate` });
  }
}

/** The workspace (or state file) each stack uses, for the README and outputs. */
export function workspaceName(backend: BackendConfig, stackName: string): string {
  return backend.type === "cloud" ? `${backend.workspacePrefix}${stackName}` : (backend.path?.replace("{stack}", stackName) ?? `terraform.${stackName}.tfstate`);
}

/** A stack with plain files (e.g. a firewall allowlist) to write next to its Terraform. */
export interface StackWithFiles {
  readonly files: Readonly<Record<string, string>>;
}
