/**
 * The remote backends' fields in the topology file: Azure Storage (azurerm,
 * Entra ID only) and the Terraform Cloud project. Each rule fails one past
 * its edge and passes at it, with the exact problem line (field path,
 * value, rule, fix).
 */
import { TopologyInput } from "../../topology/schema";
import { problemLines, topologyInput } from "../support/synth";

const GUID = "9a2b3c4d-0000-4000-8000-000000000001";

/** A valid topology (one stack: contoso-connectivity) whose backend is azurerm with `fields` over the required ones. */
const azurerm = (fields: Record<string, unknown> = {}, overrides: Partial<TopologyInput> = {}) =>
  topologyInput({ ...overrides, backend: { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", ...fields } as TopologyInput["backend"] });

/** A valid topology whose backend is Terraform Cloud with `project`. */
const cloud = (project: string) => topologyInput({ backend: { type: "cloud", organization: "contoso", project } });

const STORAGE_RULE = "a storage account name is 3-24 of a-z and 0-9";
const CONTAINER_RULE = "a blob container name is 3-63 of a-z, 0-9 and '-', starting and ending with a letter or digit, without two '-' in a row";
const GROUP_RULE = "a resource group name is 1-90 of letters, digits, '-', '_', '.', '(' and ')', not ending in '.'";
const PROJECT_RULE = "a Terraform Cloud project name is 3-40 of letters, digits, spaces, '-' and '_', not starting or ending with a space";

describe("backend type", () => {
  it("fails on an unknown type, naming all three", () => {
    expect(problemLines(topologyInput({ backend: { type: "s3" } as never }))).toEqual(['backend.type: backend.type is local, cloud or azurerm; got "s3". Fix: set type: local, type: cloud or type: azurerm']);
  });
});

describe("azurerm backend", () => {
  it("passes with the required fields only, and with every optional field", () => {
    expect(problemLines(azurerm())).toEqual([]);
    expect(problemLines(azurerm({ resourceGroupName: "rg-tfstate", subscriptionId: GUID, tenantId: GUID.toUpperCase(), keyPrefix: "arc/prod/" }))).toEqual([]);
  });

  it.each(["storageAccountName", "containerName"])("fails when the required %s is missing", (field) => {
    const input = azurerm();
    delete (input.backend as Record<string, unknown>)[field];
    expect(problemLines(input)).toEqual([`backend.${field}: is required (a string). Fix: add it`]);
  });

  it.each(["accessKey", "sasToken", "clientSecret", "useAzureadAuth", "key"])("has no field for credentials or the key: %s is an unknown field", (field) => {
    expect(problemLines(azurerm({ [field]: "x" }))).toEqual([
      `backend.${field}: unknown field (a typo is never ignored); allowed here: type, storageAccountName, containerName, resourceGroupName, subscriptionId, tenantId, keyPrefix. Fix: remove it`,
    ]);
  });

  describe("storageAccountName: 3-24 of a-z and 0-9", () => {
    it.each(["abc", "st0123456789abcdefghijkl"])("passes at the limit: %s", (name) => {
      expect(problemLines(azurerm({ storageAccountName: name }))).toEqual([]);
    });

    it.each([
      ["2 characters", "ab"],
      ["25 characters", "st0123456789abcdefghijklm"],
      ["an upper-case letter", "stContoso"],
      ["a '-'", "st-contoso"],
    ])("fails with %s", (_what, name) => {
      expect(problemLines(azurerm({ storageAccountName: name }))).toEqual([`backend.storageAccountName: ${STORAGE_RULE}; got "${name}". Fix: e.g. stcontosotfstate`]);
    });
  });

  describe("containerName: 3-63 of a-z, 0-9 and '-', a letter or digit at both ends, no '--'", () => {
    it.each(["abc", "0-a", "a-b-c-1", "t".repeat(63)])("passes at the limit: %s", (name) => {
      expect(problemLines(azurerm({ containerName: name }))).toEqual([]);
    });

    it.each([
      ["2 characters", "ab"],
      ["64 characters", "t".repeat(64)],
      ["two '-' in a row", "tf--state"],
      ["a '-' first", "-tfstate"],
      ["a '-' last", "tfstate-"],
      ["an upper-case letter", "TFstate"],
      ["a '_'", "tf_state"],
    ])("fails with %s", (_what, name) => {
      expect(problemLines(azurerm({ containerName: name }))).toEqual([`backend.containerName: ${CONTAINER_RULE}; got "${name}". Fix: e.g. tfstate`]);
    });
  });

  describe("resourceGroupName: 1-90, Azure's resource group characters", () => {
    it.each(["r", `rg(${"x".repeat(86)})`])("passes at the limit: %s", (name) => {
      expect(problemLines(azurerm({ resourceGroupName: name }))).toEqual([]);
    });

    it.each([
      ["91 characters", "r".repeat(91)],
      ["a '.' last", "rg-tfstate."],
      ["a '/'", "rg/tfstate"],
      ["nothing", ""],
    ])("fails with %s", (_what, name) => {
      expect(problemLines(azurerm({ resourceGroupName: name }))).toEqual([`backend.resourceGroupName: ${GROUP_RULE}; got ${JSON.stringify(name)}. Fix: e.g. rg-tfstate`]);
    });
  });

  describe("subscriptionId and tenantId: GUIDs", () => {
    it("pass in either casing", () => {
      expect(problemLines(azurerm({ subscriptionId: GUID.toUpperCase(), tenantId: GUID }))).toEqual([]);
    });

    it("fail when not a GUID", () => {
      expect(problemLines(azurerm({ subscriptionId: "contoso", tenantId: `${GUID}x` }))).toEqual([
        'backend.subscriptionId: must be a subscription id (a GUID); got "contoso". Fix: the storage account\'s, e.g. 00000000-0000-0000-0000-000000000000, or leave it out',
        `backend.tenantId: must be a tenant id (a GUID); got "${GUID}x". Fix: or leave it out for the signed-in tenant (ARM_TENANT_ID / az login)`,
      ]);
    });
  });

  describe("keyPrefix: characters of a blob name, taken literally", () => {
    it.each([
      ["nothing", ""],
      ["folders", "arc/prod/"],
      ["a name prefix with '.', '-', '_' and a space", "arc.prod_ X-"],
      ["non-ASCII letters", "état/"],
      ["253 '/' (254 path segments with the stack's blob)", "a/".repeat(253)],
    ])("passes with %s", (_what, keyPrefix) => {
      expect(problemLines(azurerm({ keyPrefix }))).toEqual([]);
    });

    it.each([
      ["a control character", "arc\t/", `"arc\\t/"`],
      ["a backslash", "arc\\prod\\", `"arc\\\\prod\\\\"`],
    ])("fails with %s", (_what, keyPrefix, shown) => {
      expect(problemLines(azurerm({ keyPrefix }))).toEqual([`backend.keyPrefix: a key prefix is part of a blob name: no control characters, and no backslash ('/' separates folders); got ${shown}. Fix: e.g. arc/prod/`]);
    });

    it.each(["arc/${env}/", "arc/%{if x}/"])("fails with a template marker: %s", (keyPrefix) => {
      expect(problemLines(azurerm({ keyPrefix }))).toEqual([`backend.keyPrefix: Terraform reads backend settings literally and cannot escape \${ or %{ in them; got "${keyPrefix}". Fix: choose a key prefix without them`]);
    });

    it("fails with a folder ending in '.'", () => {
      expect(problemLines(azurerm({ keyPrefix: "arc/prod./" }))).toEqual([`backend.keyPrefix: a folder of a blob name does not end with '.' (Azure Storage); got "arc/prod./". Fix: remove the '.' before the '/'`]);
    });

    it("fails with 254 '/' (255 path segments)", () => {
      const keyPrefix = "a/".repeat(254);
      expect(problemLines(azurerm({ keyPrefix }))).toEqual([`backend.keyPrefix: a blob name has at most 254 path segments (Azure Storage), so a key prefix has at most 253 '/'; got "${keyPrefix.slice(0, 120)}"... (508 characters). Fix: use fewer folders`]);
    });
  });

  describe("the state blob <keyPrefix><stack>.tfstate: at most 1,024 characters for the longest stack name", () => {
    // contoso-connectivity (20) + .tfstate (8): 996 characters are left for the prefix.
    it("passes at 1,024 characters", () => {
      expect(problemLines(azurerm({ keyPrefix: "k".repeat(996) }))).toEqual([]);
    });

    it("fails at 1,025 characters, naming the stack and the longest prefix that fits", () => {
      expect(problemLines(azurerm({ keyPrefix: "k".repeat(997) }))).toEqual([
        `backend.keyPrefix: the state blob of stack contoso-connectivity (<keyPrefix><stack>.tfstate) would have 1025 characters, and Azure allows 1024 in a blob name; got "${"k".repeat(120)}"... (997 characters). Fix: shorten keyPrefix to at most 996 characters`,
      ]);
    });

    it("counts UTF-16 units (the stricter reading: a character outside the BMP counts twice)", () => {
      expect(problemLines(azurerm({ keyPrefix: "é".repeat(996) }))).toEqual([]);
      expect(problemLines(azurerm({ keyPrefix: "😀".repeat(498) }))).toEqual([]);
      expect(problemLines(azurerm({ keyPrefix: `${"😀".repeat(498)}k` }))).toEqual([
        `backend.keyPrefix: the state blob of stack contoso-connectivity (<keyPrefix><stack>.tfstate) would have 1025 characters, and Azure allows 1024 in a blob name; got "${"😀".repeat(60)}"... (997 characters). Fix: shorten keyPrefix to at most 996 characters`,
      ]);
    });

    describe("the longest stack decides", () => {
      // contoso-k8s-edge-0123456789abcdefghi: 36 characters, the longest of the two stacks; 1024 - 36 - 8 = 980.
      const cluster = { name: "edge-0123456789abcdefghi", serviceCidr: "10.43.0.0/16", connection: { type: "token" as const }, chart: { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" } };
      const withCluster = (keyPrefix: string) => azurerm({ keyPrefix }, { kubernetes: { clusters: [cluster] } });

      it("passes at 1,024 characters for the longest", () => {
        expect(cluster.name).toHaveLength(24);
        expect(problemLines(withCluster("k".repeat(980)))).toEqual([]);
      });

      it("fails at 1,025, naming the longest stack", () => {
        expect(problemLines(withCluster("k".repeat(981)))).toEqual([
          `backend.keyPrefix: the state blob of stack contoso-k8s-edge-0123456789abcdefghi (<keyPrefix><stack>.tfstate) would have 1025 characters, and Azure allows 1024 in a blob name; got "${"k".repeat(120)}"... (981 characters). Fix: shorten keyPrefix to at most 980 characters`,
        ]);
      });
    });

    it("is reported next to a bad value of another field", () => {
      expect(problemLines(azurerm({ keyPrefix: "k".repeat(997), containerName: "x" }))).toEqual([
        `backend.containerName: ${CONTAINER_RULE}; got "x". Fix: e.g. tfstate`,
        `backend.keyPrefix: the state blob of stack contoso-connectivity (<keyPrefix><stack>.tfstate) would have 1025 characters, and Azure allows 1024 in a blob name; got "${"k".repeat(120)}"... (997 characters). Fix: shorten keyPrefix to at most 996 characters`,
      ]);
    });

    it("is not checked when the topology's shape is wrong (a wrong type stops the parse first)", () => {
      expect(problemLines(azurerm({ keyPrefix: "k".repeat(997) }, { arcGateways: "east" as never }))).toEqual(['arcGateways: must be an array; got "east". Fix: write an array']);
    });
  });
});

describe("cloud backend: project", () => {
  it.each(["abc", "Arc connectivity", "arc_prod-1", "p".repeat(40)])("passes at the limit: %s", (project) => {
    expect(problemLines(cloud(project))).toEqual([]);
  });

  it.each([
    ["2 characters", "ab"],
    ["41 characters", "p".repeat(41)],
    ["a space first", " arc"],
    ["a space last", "arc "],
    ["a '.'", "arc.prod"],
    ["a template marker", "arc-${env}"],
  ])("fails with %s", (_what, project) => {
    expect(problemLines(cloud(project))).toEqual([`backend.project: ${PROJECT_RULE}; got "${project}". Fix: copy it from the organization's Projects page`]);
  });

  it("has no tags field (one named workspace per stack; the cloud block takes name or tags)", () => {
    expect(problemLines(topologyInput({ backend: { type: "cloud", organization: "contoso", tags: ["arc"] } as never }))).toEqual([
      "backend.tags: unknown field (a typo is never ignored); allowed here: type, organization, workspacePrefix, hostname, project. Fix: remove it",
    ]);
  });
});
