'use strict';
// Serverless Workflow through @alicloud/fnf-2019-03-15 (built on pop-core: GETs sign in the query, POSTs send
// every parameter, the signature included, as a form body) and pop-core's RPCClient itself. A flow calls an FC
// function scripted through the control plane and waits for a callback whose token travels through an MNS queue.

const FnF = require('@alicloud/fnf-2019-03-15');
const { RPCClient } = require('@alicloud/pop-core');
const MNS = require('@alicloud/mns');
const { settings, control, step, rejects, assert } = require('../lib/harness');

const SDK = '@alicloud/fnf-2019-03-15';
const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: price
    resourceArn: acs:fc:::services/interop/functions/price
  - type: task
    name: approve
    resourceArn: acs:mns:::/queues/interop-approvals/messages
    pattern: waitForCallback
    inputMappings:
      - target: token
        source: $context.task.token
      - target: price
        source: $local.price
    serviceParams:
      MessageBody: $
    outputMappings:
      - target: approved
        source: $local.approved
`;

function clients(secret = settings.accessKeySecret, keyId = settings.accessKeyId) {
  const config = { accessKeyId: keyId, accessKeySecret: secret, endpoint: settings.url };
  return {
    fnf: new FnF(Object.assign({}, config)),
    pop: new RPCClient(Object.assign({ apiVersion: '2019-03-15' }, config)),
  };
}

async function tokenFromQueue(mns) {
  const received = await mns.receiveMessage('interop-approvals', 5);
  await mns.deleteMessage('interop-approvals', received.body.ReceiptHandle);
  return JSON.parse(received.body.MessageBody).token;
}

async function run() {
  const { fnf, pop } = clients();
  const mns = new MNS(settings.accountId, { accessKeyId: settings.accessKeyId,
    accessKeySecret: settings.accessKeySecret, endpoint: settings.url });
  await mns.createQueue('interop-approvals');
  await control('/fc/functions', { name: 'interop/price', script: [{ return: { price: 42 } }] });

  await step(SDK, 'CreateFlow', async () => {
    const flow = await fnf.createFlow({ Name: 'interop-order', Definition: FLOW, Description: 'an order',
      Type: 'FDL' });
    assert.strictEqual(flow.Name, 'interop-order');
    assert.strictEqual(flow.Type, 'FDL');
    assert.strictEqual(flow.Definition, FLOW);
    assert.ok(flow.Id && flow.RequestId);
  });
  await step(SDK, 'DescribeFlow', async () => {
    const flow = await fnf.describeFlow({ Name: 'interop-order' });
    assert.deepStrictEqual([flow.Name, flow.Description], ['interop-order', 'an order']);
  });
  await step(SDK, 'UpdateFlow', async () => {
    const flow = await fnf.updateFlow({ Name: 'interop-order', Description: 'an order, approved by hand' });
    assert.strictEqual(flow.Description, 'an order, approved by hand');
  });
  await step(SDK, 'ListFlows', async () => {
    const page = await fnf.listFlows({ Limit: 10 });
    assert.deepStrictEqual(page.Flows.map((f) => f.Name), ['interop-order']);
  });
  await step(SDK, 'StartExecution', async () => {
    const started = await fnf.startExecution({ FlowName: 'interop-order', ExecutionName: 'run-1',
      Input: JSON.stringify({ item: 'cup' }) });
    assert.deepStrictEqual([started.Name, started.FlowName, started.Status], ['run-1', 'interop-order', 'Starting']);
  });
  await step(SDK, 'ReportTaskSucceeded', async () => {
    const reply = await fnf.reportTaskSucceeded({ TaskToken: await tokenFromQueue(mns),
      Output: JSON.stringify({ approved: true }) });
    assert.ok(Number.isInteger(reply.EventId) && reply.EventId > 0);
  });
  await step(SDK, 'DescribeExecution', async () => {
    const done = await fnf.describeExecution({ FlowName: 'interop-order', ExecutionName: 'run-1',
      WaitTimeSeconds: 5 });
    assert.strictEqual(done.Status, 'Succeeded');
    assert.deepStrictEqual(JSON.parse(done.Output), { price: 42, approved: true });
  });
  await step(SDK, 'GetExecutionHistory', async () => {
    const history = await fnf.getExecutionHistory({ FlowName: 'interop-order', ExecutionName: 'run-1' });
    const types = history.Events.map((e) => e.Type);
    assert.deepStrictEqual([types[0], types[types.length - 1]], ['ExecutionStarted', 'ExecutionSucceeded']);
    assert.strictEqual(types.filter((t) => t === 'TaskSucceeded').length, 2);
  });
  await step(SDK, 'ReportTaskFailed', async () => {
    await fnf.startExecution({ FlowName: 'interop-order', ExecutionName: 'run-2' });
    const reply = await fnf.reportTaskFailed({ TaskToken: await tokenFromQueue(mns), Error: 'Rejected',
      Cause: 'too expensive' });
    assert.ok(reply.EventId > 0);
    const done = await fnf.describeExecution({ FlowName: 'interop-order', ExecutionName: 'run-2',
      WaitTimeSeconds: 5 });
    assert.strictEqual(done.Status, 'Failed');
  });
  await step(SDK, 'StopExecution', async () => {
    await fnf.startExecution({ FlowName: 'interop-order', ExecutionName: 'run-3' });
    await tokenFromQueue(mns);                    // waiting for its callback
    const stopped = await fnf.stopExecution({ FlowName: 'interop-order', ExecutionName: 'run-3',
      Error: 'Cancelled', Cause: 'by the interop suite' });
    assert.strictEqual(stopped.Status, 'Stopped');
  });
  await step(SDK, 'ListExecutions', async () => {
    const page = await fnf.listExecutions({ FlowName: 'interop-order' });
    assert.deepStrictEqual(page.Executions.map((e) => [e.Name, e.Status]),
      [['run-1', 'Succeeded'], ['run-2', 'Failed'], ['run-3', 'Stopped']]);
  });
  await step(SDK, 'errors: FlowNotExists, FlowAlreadyExists, InvalidArgument', async () => {
    const missing = await rejects(fnf.describeFlow({ Name: 'nope' }),
      { name: 'FlowNotExistsError', code: 'FlowNotExists' });
    assert.ok(missing.data.RequestId && missing.data.HostId);
    await rejects(fnf.createFlow({ Name: 'interop-order', Definition: FLOW, Description: 'd', Type: 'FDL' }),
      { name: 'FlowAlreadyExistsError', code: 'FlowAlreadyExists' });
    await rejects(fnf.reportTaskSucceeded({ TaskToken: 'not-a-token', Output: '{}' }),
      { name: 'InvalidArgumentError', code: 'InvalidArgument' });
  });
  await step('@alicloud/pop-core', 'RPCClient GET DescribeFlow, POST DeleteFlow', async () => {
    const flow = await pop.request('DescribeFlow', { Name: 'interop-order' });
    assert.strictEqual(flow.Name, 'interop-order');
    const deleted = await pop.request('DeleteFlow', { Name: 'interop-order' }, { method: 'POST' });
    assert.ok(deleted.RequestId);
    await rejects(pop.request('DescribeFlow', { Name: 'interop-order' }), { code: 'FlowNotExists' });
  });
  if (settings.verified) {
    await step(SDK, 'wrong secret refused (GET and POST)', async () => {
      const wrong = clients('not-the-secret').fnf;
      await rejects(wrong.listFlows({}), { name: 'SignatureNotMatchError', code: 'SignatureNotMatch' });
      await rejects(wrong.createFlow({ Name: 'x', Definition: FLOW, Description: 'd', Type: 'FDL' }),
        { name: 'SignatureNotMatchError', code: 'SignatureNotMatch' });
    });
    await step('@alicloud/pop-core', 'unknown AccessKeyId refused', async () => {
      await rejects(clients(settings.accessKeySecret, 'stranger').pop.request('ListFlows', {}),
        { name: 'InvalidAccessKeyIDError', code: 'InvalidAccessKeyID' });
    });
  }
}

module.exports = { name: 'fnf', run };
