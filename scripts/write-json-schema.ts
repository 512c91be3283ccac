/**
 * Writes schema/topology.schema.json from the zod schema (`npm run schema`).
 * A test keeps it in sync. The conversion lives here, not in stacks/, so the
 * app's bundle does not carry zod's JSON Schema code.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { toJSONSchema } from "zod/mini";
import { TopologySchema } from "../topology/schema";

export const JSON_SCHEMA_FILE = join(__dirname, "..", "schema", "topology.schema.json");

/** The JSON Schema of the file (draft 2020-12), for editors. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(toJSONSchema(TopologySchema, { io: "input", target: "draft-2020-12" }), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(JSON_SCHEMA_FILE, renderJsonSchema());
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
