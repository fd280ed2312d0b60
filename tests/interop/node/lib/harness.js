'use strict';
// What every suite shares: where the fakecloud server is (from the environment the pytest test sets), a guard
// that refuses any connection to a host other than loopback, the control plane with its token, and the steps
// whose results the runner prints.

const assert = require('assert');
const http = require('http');
const net = require('net');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const refused = [];

// Every socket of every SDK (http, https, their agents) connects through net.Socket.prototype.connect.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) {            // net.createConnection hands over its normalized arguments
    options = options[0];
  }
  if (typeof options !== 'object' || options === null) {
    options = { port: args[0], host: args[1] };
  }
  const host = options.path ? 'localhost' : String(options.host || 'localhost').replace(/^\[|\]$/g, '');
  if (!LOOPBACK.has(host)) {
    refused.push(`${host}:${options.port}`);
    throw new Error(`interop guard: a connection to ${host}:${options.port} was refused; only loopback is allowed`);
  }
  return connect.apply(this, args);
};

function setting(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run this suite through tests/interop/test_node_sdks.py`);
  }
  return value;
}

const endpoint = setting('FAKECLOUD_ENDPOINT');            // 127.0.0.1:PORT
const settings = {
  endpoint,
  url: `http://${endpoint}`,
  port: Number(endpoint.split(':').pop()),
  accessKeyId: setting('FAKECLOUD_ACCESS_KEY_ID'),
  accessKeySecret: setting('FAKECLOUD_ACCESS_KEY_SECRET'),
  controlToken: setting('FAKECLOUD_CONTROL_TOKEN'),
  verified: process.env.FAKECLOUD_VERIFIED === '1',
  accountId: '1234567890123456',
  region: 'cn-hangzhou',
};

// -- the control plane ------------------------------------------------------------------------------------------
function control(path, body) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers = { 'X-Fakecloud-Token': settings.controlToken };
  if (data) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = data.length;
  }
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: settings.port, path: `/_fakecloud${path}`,
      method: data ? 'POST' : 'GET', headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        if (response.statusCode !== 200) {
          reject(new Error(`control ${path}: ${response.statusCode} ${JSON.stringify(answer)}`));
        } else {
          resolve(answer);
        }
      });
    });
    request.on('error', reject);
    request.end(data);
  });
}

// -- steps ------------------------------------------------------------------------------------------------------
const results = [];

async function step(sdk, operation, body) {
  try {
    await body();
    results.push({ sdk, operation, ok: true });
  } catch (err) {
    const detail = `${err && err.name}: ${err && err.message}`.slice(0, 2000);
    results.push({ sdk, operation, ok: false, detail });
  }
}

// The error a call must end in: the SDK's own error object with the given fields (compared exactly).
async function rejects(promise, expected) {
  let error = null;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  assert.ok(error, `expected an error with ${JSON.stringify(expected)}, the call succeeded`);
  for (const [key, value] of Object.entries(expected)) {
    const actual = key === 'class' ? error.constructor.name : error[key];
    assert.deepStrictEqual(actual, value, `error.${key}: ${JSON.stringify(actual)} (${error.message})`);
  }
  return error;
}

// With --verify-signatures: `attempt(secret, keyId)` makes one call, which must be refused with `wrongSecret`
// for a wrong secret and with `unknownKey` for a key the server does not know.
async function refusesWrongKeys(sdk, attempt, wrongSecret, unknownKey) {
  if (!settings.verified) {
    return;
  }
  await step(sdk, 'wrong secret and unknown key refused', async () => {
    await rejects(attempt('not-the-secret', settings.accessKeyId), wrongSecret);
    await rejects(attempt(settings.accessKeySecret, 'stranger'), unknownKey);
  });
}

module.exports = { settings, control, step, rejects, refusesWrongKeys, results, refused, assert };
