/** Removes the run's temporary folder (jest.config.js), with everything cdktf and the tests left in it. */
const { rmSync } = require("node:fs");

module.exports = async () => {
  if (process.env.ARC_JEST_TMPDIR) rmSync(process.env.ARC_JEST_TMPDIR, { recursive: true, force: true });
};
