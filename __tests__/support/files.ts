/** File trees for tests of what the command writes and keeps. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Every file under a folder (relative paths with `/`) with its text; {} when the folder is missing. Links are followed. */
export function filesUnder(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else result[p] = readFileSync(join(root, p), "utf8");
    }
  };
  if (existsSync(root)) walk("");
  return result;
}

/** Writes files under a folder from `{ "a/b.txt": "text" }`, making the folders. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}
