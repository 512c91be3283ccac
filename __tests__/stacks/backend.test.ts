/**
 * The state settings every stack synthesizes: the exact `terraform.backend`
 * block for Azure Storage (azurerm, Entra ID only) and the exact
 * `terraform.cloud` block for a Terraform Cloud project; each passes the
 * conformance checks the other stack tests use (provider schemas,
 * constraints, templates: backend settings are taken literally), holds
 * only arguments Terraform's own backend schema has, and renders as HCL
 * that means the same.
 */
import { Testing, TerraformStack } from "cdktf";
import { renderStackHcl } from "../../lib/hcl";
import { Topology } from "../../topology/schema";
import { checkStack, hclProblems, HAVE_SHARED } from "../support/conformance";

/** The schema and constraint checks need ../shared: skipped visibly without it (conformance.test.ts fails under CI when it is missing). */
const withShared = HAVE_SHARED ? it : it.skip;
import { buildApp, example, topology } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const TENANT = "11111111-1111-1111-1111-111111111111";

/**
 * The arguments of Terraform's azurerm backend (hashicorp/terraform,
 * internal/backend/remote-state/azure/backend.go, `New()`'s schema; 1.11+
 * adds lookup_blob_endpoint). Required: storage_account_name,
 * container_name, key.
 */
const AZURERM_BACKEND_ARGUMENTS = new Set([
  "subscription_id",
  "resource_group_name",
  "storage_account_name",
  "container_name",
  "key",
  "snapshot",
  "environment",
  "metadata_host",
  "access_key",
  "sas_token",
  "tenant_id",
  "client_id",
  "client_id_file_path",
  "endpoint",
  "client_certificate",
  "client_certificate_path",
  "client_certificate_password",
  "client_secret",
  "client_secret_file_path",
  "use_oidc",
  "ado_pipeline_service_connection_id",
  "oidc_request_token",
  "oidc_request_url",
  "oidc_token",
  "oidc_token_file_path",
  "use_msi",
  "msi_endpoint",
  "use_cli",
  "use_aks_workload_identity",
  "use_azuread_auth",
  "lookup_blob_endpoint",
]);
const AZURERM_REQUIRED = ["storage_account_name", "container_name", "key"];
/** Arguments that carry a credential: none may be written (Entra ID only). */
const AZURERM_SECRETS = ["access_key", "sas_token", "client_secret", "client_certificate", "client_certificate_password", "oidc_token", "oidc_request_token"];

/** What is wrong with an azurerm backend block against Terraform's schema; [] when it is right. */
function azurermBackendProblems(block: Record<string, unknown>): string[] {
  return [
    ...Object.keys(block).filter((k) => !AZURERM_BACKEND_ARGUMENTS.has(k)).map((k) => `${k}: not an argument of the azurerm backend`),
    ...AZURERM_REQUIRED.filter((k) => typeof block[k] !== "string" || block[k] === "").map((k) => `${k}: required`),
    ...AZURERM_SECRETS.filter((k) => k in block).map((k) => `${k}: a credential in the configuration`),
    ...Object.entries(block).filter(([, v]) => typeof v !== "string" && typeof v !== "boolean").map(([k]) => `${k}: not a string or bool`),
  ];
}

/** The `cloud` block's arguments (Terraform's `terraform` block reference): `workspaces` takes `name` or `tags`, and `project`. */
const CLOUD_ARGUMENTS = new Set(["organization", "hostname", "token", "workspaces"]);
const WORKSPACES_ARGUMENTS = new Set(["name", "tags", "project"]);

/** Each stack of `t`, by name: the stack and its synthesized JSON. */
function synthesized(t: Topology): Map<string, { stack: TerraformStack; tf: Record<string, any> }> {
  return new Map(buildApp(t).stacks.map((stack) => [stack.node.id, { stack, tf: JSON.parse(Testing.synth(stack, true)) }]));
}

/** The default example (a connectivity, an AKS approval and a Kubernetes stack) and the gateway example, on `backend`. */
function everyStackKind(backend: Topology["backend"]) {
  return new Map([...synthesized({ ...example("private-link.yaml"), backend }), ...synthesized({ ...example("arc-gateway.yaml"), backend })]);
}

describe("azurerm backend (Azure Storage, Entra ID)", () => {
  const backend: Topology["backend"] = { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", resourceGroupName: "rg-tfstate", subscriptionId: SUB, tenantId: TENANT, keyPrefix: "arc/prod/" };
  const stacks = everyStackKind(backend);

  it("every stack kind: one blob per stack, use_azuread_auth, the optional fields as given", () => {
    expect(Object.fromEntries([...stacks].map(([name, { tf }]) => [name, tf.terraform.backend]))).toStrictEqual(
      Object.fromEntries(
        ["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-factory1", "contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"].map((name) => [
          name,
          {
            azurerm: {
              storage_account_name: "stcontosotfstate",
              container_name: "tfstate",
              key: `arc/prod/${name}.tfstate`,
              resource_group_name: "rg-tfstate",
              subscription_id: SUB,
              tenant_id: TENANT,
              use_azuread_auth: true,
            },
          },
        ]),
      ),
    );
    for (const { tf } of stacks.values()) expect(tf.terraform.cloud).toBeUndefined();
  });

  it("with the required fields only: account, container, key and use_azuread_auth, nothing else", () => {
    const tf = synthesized(topology({ backend: { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate" } })).get("contoso-connectivity")?.tf;
    expect(tf?.terraform.backend).toStrictEqual({ azurerm: { storage_account_name: "stcontosotfstate", container_name: "tfstate", key: "contoso-connectivity.tfstate", use_azuread_auth: true } });
  });

  it("holds only arguments of Terraform's azurerm backend, the required ones, and no credential", () => {
    for (const [name, { tf }] of stacks) expect({ name, problems: azurermBackendProblems(tf.terraform.backend.azurerm) }).toEqual({ name, problems: [] });
    // The checker itself: an unknown argument, a missing required one, a credential.
    expect(azurermBackendProblems({ storage_account_name: "st", key: "k", access_key: "x", bucket: "b" })).toEqual(["bucket: not an argument of the azurerm backend", "container_name: required", "access_key: a credential in the configuration"]);
  });

  withShared("passes the schema, constraint and template checks", () => {
    for (const [name, { tf }] of stacks) expect({ name, errors: checkStack(name, tf).errors }).toEqual({ name, errors: [] });
  });

  it("renders as HCL that means the same as the JSON", async () => {
    const { stack } = stacks.get("contoso-connectivity")!;
    expect(await hclProblems(stack)).toEqual([]);
    expect(renderStackHcl(stack).hcl).toContain(
      [
        '  backend "azurerm" {',
        '    storage_account_name = "stcontosotfstate"',
        '    container_name       = "tfstate"',
        '    key                  = "arc/prod/contoso-connectivity.tfstate"',
        '    resource_group_name  = "rg-tfstate"',
        `    subscription_id      = "${SUB}"`,
        `    tenant_id            = "${TENANT}"`,
        "    use_azuread_auth     = true",
        "  }",
      ].join("\n"),
    );
  });
});

describe("cloud backend with a project (Terraform Cloud / Enterprise)", () => {
  const stacks = everyStackKind({ type: "cloud", organization: "contoso", workspacePrefix: "arc-", hostname: "app.terraform.io", project: "Arc connectivity" });

  it("every stack kind: its named workspace in the project, no backend block", () => {
    expect(Object.fromEntries([...stacks].map(([name, { tf }]) => [name, [tf.terraform.cloud, tf.terraform.backend]]))).toStrictEqual(
      Object.fromEntries(
        ["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-factory1", "contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"].map((name) => [
          name,
          [{ hostname: "app.terraform.io", organization: "contoso", workspaces: { name: `arc-${name}`, project: "Arc connectivity" } }, undefined],
        ]),
      ),
    );
  });

  it("without a project: the workspace has a name only", () => {
    const tf = synthesized(topology({ backend: { type: "cloud", organization: "contoso" } })).get("contoso-connectivity")?.tf;
    expect(tf?.terraform.cloud).toStrictEqual({ hostname: "app.terraform.io", organization: "contoso", workspaces: { name: "contoso-connectivity" } });
  });

  it("holds only arguments of the cloud block, and a workspace by name (not tags)", () => {
    for (const { tf } of stacks.values()) {
      expect(Object.keys(tf.terraform.cloud).filter((k) => !CLOUD_ARGUMENTS.has(k))).toEqual([]);
      expect(Object.keys(tf.terraform.cloud.workspaces).filter((k) => !WORKSPACES_ARGUMENTS.has(k))).toEqual([]);
      expect(tf.terraform.cloud.workspaces.tags).toBeUndefined();
      expect(tf.terraform.cloud.token).toBeUndefined();
    }
  });

  withShared("passes the schema, constraint and template checks", () => {
    for (const [name, { tf }] of stacks) expect({ name, errors: checkStack(name, tf).errors }).toEqual({ name, errors: [] });
  });

  it("renders as HCL that means the same as the JSON, the project included", async () => {
    const { stack } = stacks.get("contoso-connectivity")!;
    expect(await hclProblems(stack)).toEqual([]);
    expect(renderStackHcl(stack).hcl).toContain(
      ["  cloud {", '    hostname     = "app.terraform.io"', '    organization = "contoso"', "", "    workspaces {", '      name    = "arc-contoso-connectivity"', '      project = "Arc connectivity"', "    }", "  }"].join("\n"),
    );
  });
});
