'use strict';
// Function Compute 2.0 (2016-08-15) through @alicloud/fc2: services and functions set up, read, updated and
// deleted, functions invoked sync and async with behaviour scripted through the control plane.

const FC = require('@alicloud/fc2');
const { settings, control, step, rejects, refusesWrongKeys, assert } = require('../lib/harness');

const SDK = '@alicloud/fc2';
const ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]).toString('base64');   // empty zip

function client(secret = settings.accessKeySecret, keyId = settings.accessKeyId) {
  return new FC(settings.accountId, { accessKeyID: keyId, accessKeySecret: secret, region: settings.region,
    endpoint: settings.url, timeout: 20000 });
}

async function run() {
  const fc = client();
  await step(SDK, 'CreateService', async () => {
    const { data } = await fc.createService('interop-shop', { description: 'shop' });
    assert.deepStrictEqual([data.serviceName, data.description, data.internetAccess], ['interop-shop', 'shop', true]);
  });
  await step(SDK, 'GetService, ListServices', async () => {
    assert.strictEqual((await fc.getService('interop-shop')).data.description, 'shop');
    const { data } = await fc.listServices({ prefix: 'interop-' });
    assert.deepStrictEqual(data.services.map((s) => s.serviceName), ['interop-shop']);
  });
  await step(SDK, 'UpdateService', async () => {
    const { data } = await fc.updateService('interop-shop', { description: 'the shop', internetAccess: false });
    assert.deepStrictEqual([data.description, data.internetAccess], ['the shop', false]);
    assert.strictEqual((await fc.getService('interop-shop')).data.description, 'the shop');
  });
  await step(SDK, 'CreateFunction', async () => {
    const { data } = await fc.createFunction('interop-shop', { functionName: 'charge', runtime: 'nodejs18',
      handler: 'index.handler', memorySize: 256, code: { zipFile: ZIP } });
    assert.deepStrictEqual([data.functionName, data.runtime, data.memorySize, data.codeSize], ['charge', 'nodejs18',
      256, 22]);
  });
  await step(SDK, 'GetFunction, ListFunctions', async () => {
    assert.strictEqual((await fc.getFunction('interop-shop', 'charge')).data.handler, 'index.handler');
    const { data } = await fc.listFunctions('interop-shop');
    assert.deepStrictEqual(data.functions.map((f) => f.functionName), ['charge']);
  });
  await step(SDK, 'UpdateFunction', async () => {
    const { data } = await fc.updateFunction('interop-shop', 'charge', { timeout: 30, memorySize: 512,
      environmentVariables: { MODE: 'test' } });
    assert.deepStrictEqual([data.timeout, data.memorySize, data.environmentVariables, data.runtime],
      [30, 512, { MODE: 'test' }, 'nodejs18']);
  });
  await step(SDK, 'InvokeFunction (sync, function error, async)', async () => {
    await control('/fc/functions', { name: 'interop-shop/charge', script: [
      { attempt: 0, return: { charged: true } },
      { attempt: 1, throw: { error: 'CardDeclined', cause: 'no funds' } },
      { attempt: '2-', return: 'later' }] });
    const ok = await fc.invokeFunction('interop-shop', 'charge', JSON.stringify({ order: 1 }));
    assert.deepStrictEqual(JSON.parse(ok.data), { charged: true });
    assert.ok(ok.headers['x-fc-request-id']);
    const failed = await fc.invokeFunction('interop-shop', 'charge', '{}');
    assert.strictEqual(failed.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.deepStrictEqual(failed.data, { errorMessage: 'no funds', errorType: 'CardDeclined' });
    const queued = await fc.invokeFunction('interop-shop', 'charge', '{}', { 'x-fc-invocation-type': 'Async' });
    assert.strictEqual(queued.data, '');
    const seen = await control('/fc/invocations?name=interop-shop/charge');
    assert.deepStrictEqual(seen.invocations.map((i) => i.invocationType), ['Sync', 'Sync', 'Async']);
  });
  await step(SDK, 'errors: ServiceNotFound, FunctionNotFound, FunctionAlreadyExists, ServiceNotEmpty', async () => {
    await rejects(fc.getService('nope'), { name: 'FCServiceNotFoundError', code: 'ServiceNotFound' });
    await rejects(fc.getFunction('interop-shop', 'nope'), { name: 'FCFunctionNotFoundError',
      code: 'FunctionNotFound' });
    await rejects(fc.createFunction('interop-shop', { functionName: 'charge', runtime: 'nodejs18',
      handler: 'index.handler', code: { zipFile: ZIP } }), { code: 'FunctionAlreadyExists' });
    await rejects(fc.deleteService('interop-shop'), { code: 'ServiceNotEmpty' });
  });
  await step(SDK, 'DeleteFunction, DeleteService', async () => {
    await fc.deleteFunction('interop-shop', 'charge');
    await fc.deleteService('interop-shop');
    await rejects(fc.getService('interop-shop'), { code: 'ServiceNotFound' });
  });
  await refusesWrongKeys(SDK, (secret, keyId) => client(secret, keyId).listServices(),
    { name: 'FCSignatureNotMatchError', code: 'SignatureNotMatch' }, { code: 'InvalidAccessKeyID' });
}

module.exports = { name: 'fc2', run };
