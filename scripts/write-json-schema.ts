/** Writes schema/topology.schema.json from the zod schema (`npm run schema`). A test keeps it in sync. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { topologyJsonSchema } from "../stacks/topology";

export const JSON_SCHEMA_FILE = join(__dirname, "..", "schema", "topology.schema.json");

export function renderJsonSchema(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(JSON_SCHEMA_FILE, renderJsonSchema());
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
