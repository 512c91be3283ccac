/** Removes the run's temporary folder (jest.config.js), with everything cdktf and the tests left in it. */
const { rmSync } = require("node:fs");

module.exports = async () => {
  if (process.env.JEST_RUN_TMPDIR) rmSync(process.env.JEST_RUN_TMPDIR, { recursive: true, force: true });
};
