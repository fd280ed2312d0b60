'use strict';
// Function Compute 2.0 (2021-04-06) through @alicloud/fc-open20210406 on @alicloud/openapi-client (ACS3 signed):
// a service and a function set up, updated, invoked and deleted; errors as the Tea client's own error objects.

const FcOpen = require('@alicloud/fc-open20210406');
const { Config } = require('@alicloud/openapi-client');
const { settings, control, step, rejects, refusesWrongKeys, assert } = require('../lib/harness');

const SDK = '@alicloud/fc-open20210406';
const Client = FcOpen.default;
const ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]).toString('base64');

function client(secret = settings.accessKeySecret, keyId = settings.accessKeyId) {
  return new Client(new Config({ accessKeyId: keyId, accessKeySecret: secret, endpoint: settings.endpoint,
    protocol: 'http', regionId: settings.region, readTimeout: 20000 }));
}

async function run() {
  const fc = client();
  await step(SDK, 'CreateService, GetService, UpdateService', async () => {
    const created = await fc.createService(new FcOpen.CreateServiceRequest({ serviceName: 'interop-open',
      description: 'd' }));
    assert.deepStrictEqual([created.statusCode, created.body.serviceName], [200, 'interop-open']);
    const got = await fc.getService('interop-open', new FcOpen.GetServiceRequest({}));
    assert.strictEqual(got.body.serviceId, created.body.serviceId);
    const updated = await fc.updateService('interop-open', new FcOpen.UpdateServiceRequest({ description: 'e' }));
    assert.strictEqual(updated.body.description, 'e');
  });
  await step(SDK, 'CreateFunction, GetFunction, ListFunctions, UpdateFunction', async () => {
    const created = await fc.createFunction('interop-open', new FcOpen.CreateFunctionRequest({
      functionName: 'echo', runtime: 'python3.10', handler: 'index.handler', timeout: 10,
      code: new FcOpen.Code({ zipFile: ZIP }) }));
    assert.deepStrictEqual([created.body.functionName, created.body.timeout, created.body.codeSize],
      ['echo', 10, 22]);
    const got = await fc.getFunction('interop-open', 'echo', new FcOpen.GetFunctionRequest({}));
    assert.strictEqual(got.body.functionId, created.body.functionId);
    const listed = await fc.listFunctions('interop-open', new FcOpen.ListFunctionsRequest({}));
    assert.deepStrictEqual(listed.body.functions.map((f) => f.functionName), ['echo']);
    const updated = await fc.updateFunction('interop-open', 'echo', new FcOpen.UpdateFunctionRequest({
      memorySize: 1024, handler: 'main.run' }));
    assert.deepStrictEqual([updated.body.memorySize, updated.body.handler, updated.body.timeout],
      [1024, 'main.run', 10]);
  });
  await step(SDK, 'InvokeFunction (sync, async)', async () => {
    await control('/fc/functions', { name: 'interop-open/echo', script: [{ return: { echoed: true } }] });
    const reply = await fc.invokeFunction('interop-open', 'echo', new FcOpen.InvokeFunctionRequest({
      body: Buffer.from('{"a":1}') }));
    assert.deepStrictEqual(JSON.parse(reply.body.toString()), { echoed: true });
    const queued = await fc.invokeFunctionWithOptions('interop-open', 'echo', new FcOpen.InvokeFunctionRequest({
      body: Buffer.from('{}') }), new FcOpen.InvokeFunctionHeaders({ xFcInvocationType: 'Async' }),
    new (require('@alicloud/tea-util').RuntimeOptions)({}));
    assert.strictEqual(queued.statusCode, 202);
  });
  await step(SDK, 'errors: ServiceNotFound, FunctionNotFound', async () => {
    const err = await rejects(fc.getService('nope', new FcOpen.GetServiceRequest({})),
      { code: 'ServiceNotFound', statusCode: 404 });
    assert.ok(err.data.RequestId);
    await rejects(fc.getFunction('interop-open', 'nope', new FcOpen.GetFunctionRequest({})),
      { code: 'FunctionNotFound', statusCode: 404 });
  });
  await step(SDK, 'DeleteFunction, DeleteService', async () => {
    assert.strictEqual((await fc.deleteFunction('interop-open', 'echo')).statusCode, 204);
    assert.strictEqual((await fc.deleteService('interop-open')).statusCode, 204);
  });
  await refusesWrongKeys(SDK, (secret, keyId) => client(secret, keyId).listServices(
    new FcOpen.ListServicesRequest({})), { code: 'SignatureNotMatch', statusCode: 403 },
  { code: 'InvalidAccessKeyID', statusCode: 403 });
}

module.exports = { name: 'fc-open', run };
