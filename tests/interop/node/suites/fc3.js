'use strict';
// Function Compute 3.0 (2023-03-30) through @alicloud/fc20230330 on @alicloud/openapi-core (ACS3 signed):
// functions created, read, listed, updated, invoked sync and async, deleted; errors as openapi-core's ClientError.

const { Readable } = require('stream');

const Fc3 = require('@alicloud/fc20230330');
const { $OpenApiUtil, ClientError } = require('@alicloud/openapi-core');
const { settings, control, step, rejects, refusesWrongKeys, assert } = require('../lib/harness');

const SDK = '@alicloud/fc20230330';
const Client = Fc3.default;
const ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]).toString('base64');

function client(secret = settings.accessKeySecret, keyId = settings.accessKeyId) {
  return new Client(new $OpenApiUtil.Config({ accessKeyId: keyId, accessKeySecret: secret,
    endpoint: settings.endpoint, protocol: 'http', regionId: settings.region, readTimeout: 20000 }));
}

async function run() {
  const fc = client();
  await step(SDK, 'CreateFunction', async () => {
    const created = await fc.createFunction(new Fc3.CreateFunctionRequest({ body: new Fc3.CreateFunctionInput({
      functionName: 'interop-resize', runtime: 'nodejs18', handler: 'index.handler', memorySize: 1024,
      code: new Fc3.InputCodeLocation({ zipFile: ZIP }) }) }));
    assert.deepStrictEqual([created.body.functionName, created.body.memorySize, created.body.state],
      ['interop-resize', 1024, 'Active']);
    assert.strictEqual(created.body.functionArn,
      `acs:fc:${settings.region}:${settings.accountId}:functions/interop-resize`);
  });
  await step(SDK, 'GetFunction, ListFunctions', async () => {
    const got = await fc.getFunction('interop-resize', new Fc3.GetFunctionRequest({}));
    assert.strictEqual(got.body.codeSize, 22);
    const listed = await fc.listFunctions(new Fc3.ListFunctionsRequest({ prefix: 'interop-' }));
    assert.deepStrictEqual(listed.body.functions.map((f) => f.functionName), ['interop-resize']);
  });
  await step(SDK, 'UpdateFunction', async () => {
    const updated = await fc.updateFunction('interop-resize', new Fc3.UpdateFunctionRequest({
      body: new Fc3.UpdateFunctionInput({ timeout: 60, description: 'thumbnails' }) }));
    assert.deepStrictEqual([updated.body.timeout, updated.body.description, updated.body.memorySize],
      [60, 'thumbnails', 1024]);
  });
  await step(SDK, 'InvokeFunction (sync, async)', async () => {
    await control('/fc/functions', { name: 'fc3/interop-resize', script: [{ return: { width: 64 } }] });
    const reply = await fc.invokeFunction('interop-resize', new Fc3.InvokeFunctionRequest({
      body: Readable.from([Buffer.from('{"width":640}')]) }));
    const chunks = [];
    for await (const chunk of reply.body) {
      chunks.push(Buffer.from(chunk));
    }
    assert.deepStrictEqual(JSON.parse(Buffer.concat(chunks).toString()), { width: 64 });
    const queued = await fc.invokeFunctionWithOptions('interop-resize', new Fc3.InvokeFunctionRequest({
      body: Readable.from([Buffer.from('{}')]) }), new Fc3.InvokeFunctionHeaders({ xFcInvocationType: 'Async' }), {});
    assert.strictEqual(queued.statusCode, 202);
  });
  await step(SDK, 'errors: FunctionNotFound, FunctionAlreadyExists', async () => {
    const err = await rejects(fc.getFunction('nope', new Fc3.GetFunctionRequest({})),
      { code: 'FunctionNotFound', statusCode: 404 });
    assert.ok(err instanceof ClientError, `${err.constructor.name} is not openapi-core's ClientError`);
    await rejects(fc.createFunction(new Fc3.CreateFunctionRequest({ body: new Fc3.CreateFunctionInput({
      functionName: 'interop-resize', runtime: 'nodejs18', handler: 'index.handler' }) })),
    { code: 'FunctionAlreadyExists', statusCode: 409 });
  });
  await step(SDK, 'DeleteFunction', async () => {
    assert.strictEqual((await fc.deleteFunction('interop-resize')).statusCode, 204);
    await rejects(fc.getFunction('interop-resize', new Fc3.GetFunctionRequest({})), { code: 'FunctionNotFound' });
  });
  await refusesWrongKeys(SDK, (secret, keyId) => client(secret, keyId).listFunctions(
    new Fc3.ListFunctionsRequest({})), { code: 'SignatureNotMatch', statusCode: 403 },
  { code: 'InvalidAccessKeyID', statusCode: 403 });
}

module.exports = { name: 'fc3', run };
