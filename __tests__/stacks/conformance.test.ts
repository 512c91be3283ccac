import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { parse } from "@cdktf/hcl2json";
import { Testing } from "cdktf";
import { HAVE_SCHEMAS, SCHEMA_DIR, schemaErrors } from "../support/schema-check";
import { buildApp, example, EXAMPLES, synthTopology } from "../support/synth";

const examples = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));

function hasTerraform(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

if (!HAVE_SCHEMAS) {
  // A user's machine without ../shared: say so, and skip.
  console.warn(`provider schemas not found at ${SCHEMA_DIR}: schema conformance tests are skipped (set ARC_PROVIDER_SCHEMAS)`);
}

(HAVE_SCHEMAS ? describe : describe.skip)("every synthesized stack conforms to the provider schemas", () => {
  it.each(examples)("%s", (file) => {
    for (const [name, tf] of Object.entries(synthTopology(example(file)))) {
      expect({ stack: name, errors: schemaErrors(tf) }).toEqual({ stack: name, errors: [] });
    }
  });

  it("the checker itself finds unknown, missing, computed-only and over-count arguments", () => {
    const tf = {
      terraform: { required_providers: { azurerm: { source: "azurerm" } } },
      resource: {
        azurerm_private_endpoint: {
          bad: {
            name: "pe",
            location: "westeurope",
            subnet_id: "x",
            private_ip: "10.0.0.4",
            network_interface: [],
            private_service_connection: [
              { name: "a", is_manual_connection: false },
              { name: "b", is_manual_connection: false },
            ],
          },
        },
        azurerm_no_such_thing: { x: {} },
      },
    };
    expect(schemaErrors(tf)).toEqual(
      expect.arrayContaining([
        "resource.azurerm_private_endpoint.bad.private_ip: unknown argument or block",
        "resource.azurerm_private_endpoint.bad.network_interface: computed-only attribute is set",
        "resource.azurerm_private_endpoint.bad.private_service_connection: 2 block(s), at most 1 allowed",
        "resource.azurerm_private_endpoint.bad.resource_group_name: required argument is missing",
        "resource.azurerm_no_such_thing: unknown resource type",
      ]),
    );
  });
});

describe("HCL output", () => {
  const terraform = hasTerraform();
  it.each(examples)("%s: every stack renders HCL that parses", async (file) => {
    const { stacks } = buildApp(example(file));
    for (const s of stacks) {
      const { hcl } = s.toHclTerraform();
      const parsed = await parse(`${s.node.id}.tf`, hcl);
      expect(Object.keys(parsed)).toEqual(expect.arrayContaining(["terraform", "provider", "resource"]));
      if (terraform) {
        // terraform fmt parses with the real HCL parser; a syntax error makes it exit non-zero.
        execFileSync("terraform", ["fmt", "-"], { input: hcl, stdio: ["pipe", "ignore", "pipe"], timeout: 20_000 });
      }
    }
  });

  it("renders the same resources as the JSON output", async () => {
    const { stacks } = buildApp(example("private-link.yaml"));
    const parsed = await parse("main.tf", stacks[0].toHclTerraform().hcl);
    const json = JSON.parse(Testing.synth(stacks[0]));
    const count = (r: Record<string, Record<string, unknown>>) => Object.values(r).reduce((n, x) => n + Object.keys(x).length, 0);
    expect(count(parsed.resource)).toBe(count(json.resource));
    expect(Object.keys(parsed.output).sort()).toEqual(Object.keys(json.output).sort());
  });
});
