import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

describe("the app synthesizes a cloud-backend topology without Terraform on PATH", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "arc-no-terraform-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("bin/app.js with examples/expressroute-cloud.yaml: exit 0, empty stderr, the stack file written", () => {
    // PATH holds one folder, and that folder holds only (a link to) the node binary: no terraform
    // anywhere, wherever node and terraform are installed on this machine.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));
    expect(readdirSync(bin)).toEqual(["node"]);
    const out = join(dir, "out");
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "app.js")], {
      cwd: ROOT,
      env: { ...process.env, PATH: bin, CDKTF_OUTDIR: out, ARC_TOPOLOGY: "examples/expressroute-cloud.yaml" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(join(out, "stacks"))).toEqual(["fabrikam-connectivity"]);
    const file = join(out, "stacks", "fabrikam-connectivity", "cdk.tf.json");
    expect(existsSync(file)).toBe(true);
    const tf = JSON.parse(readFileSync(file, "utf8"));
    expect(tf.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "fabrikam", workspaces: { name: "fabrikam-arc-fabrikam-connectivity" } });
  });
});
