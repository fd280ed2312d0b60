'use strict';
// Runs every suite against the fakecloud server named by FAKECLOUD_ENDPOINT and prints one JSON document:
// {"results": [{"sdk", "operation", "ok", "detail"?}], "refused": [hosts the loopback guard stopped]}.
// Exit 0 when every step passed. `node run.js fnf mns` runs only those suites.

const harness = require('./lib/harness');

const SUITES = ['fnf', 'mns', 'fc2', 'fc-open', 'fc3', 'vision'];

// The guard itself: a connection to a documentation-only address must be refused before it is attempted.
async function guardCheck() {
  await harness.step('loopback guard', 'a connection to 192.0.2.1 is refused', async () => {
    const attempt = new Promise((resolve, reject) => {
      require('http').get('http://192.0.2.1:80/', resolve).on('error', reject);
    });
    await harness.rejects(attempt, { message: 'interop guard: a connection to 192.0.2.1:80 was refused; only '
      + 'loopback is allowed' });
    harness.assert.deepStrictEqual(harness.refused.splice(0), ['192.0.2.1:80']);
  });
}

async function main() {
  const chosen = process.argv.slice(2);
  await guardCheck();
  for (const name of chosen.length ? chosen : SUITES) {
    const suite = require(`./suites/${name}`);
    try {
      await harness.control('/reset', {});        // each suite starts from a clean world
      await suite.run();
    } catch (err) {                // a failure outside a step (set-up): the suite cannot go on
      harness.results.push({ sdk: name, operation: 'set-up', ok: false, detail: `${err.name}: ${err.message}` });
    }
  }
  const failed = harness.results.filter((r) => !r.ok).length + harness.refused.length;
  process.stdout.write(JSON.stringify({ results: harness.results, refused: harness.refused }, null, 1) + '\n');
  process.exitCode = failed ? 1 : 0;
}

main();
