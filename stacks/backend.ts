import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import type { BackendPlan } from "../topology/plan";

/**
 * One Terraform root per stack: a local state file, or one Terraform Cloud
 * / Enterprise workspace (the plan names both).
 */
export function configureBackend(stack: TerraformStack, backend: BackendPlan): void {
  if (backend.type === "cloud") {
    new CloudBackend(stack, { hostname: backend.hostname, organization: backend.organization, workspaces: new NamedCloudWorkspace(backend.workspace) });
  } else {
    new LocalBackend(stack, { path: backend.path });
  }
}

/** A stack with plain files (e.g. a firewall allowlist) to write next to its Terraform. */
export interface StackWithFiles {
  readonly files: Readonly<Record<string, string>>;
}
