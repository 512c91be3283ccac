/**
 * Slow test files first. Without jest's timing cache (every fresh clone, so
 * every CI run) jest orders files by size, and the small file that runs
 * 1,000 generated topologies started last: one worker ran it alone at the
 * end (~140 s wall instead of ~80 s on two cores). Files not listed keep
 * jest's own order after these.
 */
const Sequencer = require("@jest/test-sequencer").default;

const SLOW_FIRST = ["__tests__/generated/valid.test.ts", "__tests__/package.test.ts", "__tests__/cli.test.ts", "__tests__/stacks/conformance.test.ts", "__tests__/generated/broken.test.ts"];

class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (test) => {
      const i = SLOW_FIRST.findIndex((suffix) => test.path.replace(/\\/g, "/").endsWith(suffix));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
