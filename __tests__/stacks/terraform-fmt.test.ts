/**
 * `terraform fmt -check -recursive` on the HCL output (`synth --hcl`) of
 * every shipped example, when a `terraform` binary is on PATH; skipped
 * otherwise (the development machines and CI of this repository have
 * none; lib/hcl's tests check the same formatting without it). It never
 * reaches the network: fmt reads only the files, Terraform's version
 * check (checkpoint) is off, and the CLI configuration is an empty file of
 * the test's own (a TF_CLI_CONFIG_FILE naming a missing file would only
 * add a warning).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { synth } from "../../main";
import { EXAMPLES } from "../support/synth";

/** The executable `command` in a folder of PATH, without running anything; undefined when there is none. */
function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

const TERRAFORM = onPath(process.platform === "win32" ? "terraform.exe" : "terraform");
const examples = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));

if (!TERRAFORM) {
  it.skip("terraform fmt -check -recursive on every example's HCL (skipped: no terraform on PATH)", () => undefined);
} else {
  const terraform = TERRAFORM;
  describe(`terraform fmt -check -recursive (${terraform}) on the HCL of`, () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "arc-fmt-"));
      writeFileSync(join(dir, "terraformrc"), "");
      env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: join(dir, "terraformrc") };
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(examples)("%s", (file) => {
      const cwd = mkdtempSync(join(dir, "example-"));
      const err: string[] = [];
      const code = synth({ topology: join(EXAMPLES, file), cwd, out: "out", hcl: true, quiet: true }, { out: () => undefined, err: (t) => void err.push(t) });
      expect({ code, err: err.join("").split("\n").filter((l) => l && !l.startsWith("Warning: ")) }).toEqual({ code: 0, err: [] });
      const fmt = spawnSync(terraform, ["fmt", "-check", "-recursive", "-diff", join(cwd, "out")], {
        cwd,
        encoding: "utf8",
        timeout: 60_000,
        env,
      });
      expect({ status: fmt.status, error: fmt.error?.message, stdout: fmt.stdout, stderr: fmt.stderr }).toEqual({ status: 0, error: undefined, stdout: "", stderr: "" });
    });
  });
}
