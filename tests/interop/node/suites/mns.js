'use strict';
// MNS queues and topics through @alicloud/mns. The SDK's subscribe/deleteTopic are empty stubs in 1.2.0, so
// subscriptions go through its own signed request methods (client.put / client.delete) on the documented paths.

const MNS = require('@alicloud/mns');
const { settings, step, rejects, refusesWrongKeys, assert } = require('../lib/harness');

const SDK = '@alicloud/mns';
const NS = 'xmlns="http://mns.aliyuncs.com/doc/v1/"';

function client(secret = settings.accessKeySecret, keyId = settings.accessKeyId) {
  return new MNS(settings.accountId, { accessKeyId: keyId, accessKeySecret: secret, endpoint: settings.url });
}

async function run() {
  const mns = client();
  let handle = null;
  let received = null;

  await step(SDK, 'CreateQueue', async () => {
    const created = await mns.createQueue('interop-work', { VisibilityTimeout: 20 });
    assert.strictEqual(created.code, 201);
    assert.strictEqual(created.headers.location, `${settings.url}/queues/interop-work`);
  });
  await step(SDK, 'ListQueue', async () => {
    const listed = await mns.listQueue(undefined, 10, 'interop-');
    assert.deepStrictEqual(listed.body.map((q) => q.QueueURL), [`${settings.url}/queues/interop-work`]);
  });
  await step(SDK, 'SetQueueAttributes, GetQueueAttributes', async () => {
    assert.strictEqual((await mns.setQueueAttributes('interop-work', { DelaySeconds: 0,
      MaximumMessageSize: 2048 })).code, 204);
    const attrs = (await mns.getQueueAttributes('interop-work')).body;
    assert.deepStrictEqual([attrs.QueueName, attrs.VisibilityTimeout, attrs.MaximumMessageSize],
      ['interop-work', '20', '2048']);
  });
  await step(SDK, 'SendMessage', async () => {
    const sent = await mns.sendMessage('interop-work', { MessageBody: 'hello', Priority: 1 });
    assert.strictEqual(sent.code, 201);
    assert.strictEqual(sent.body.MessageBodyMD5, '5D41402ABC4B2A76B9719D911017C592');
  });
  await step(SDK, 'PeekMessage', async () => {
    const peeked = await mns.peekMessage('interop-work');
    assert.deepStrictEqual([peeked.body.MessageBody, peeked.body.ReceiptHandle], ['hello', undefined]);
  });
  await step(SDK, 'ReceiveMessage', async () => {
    const got = await mns.receiveMessage('interop-work', 1);
    assert.deepStrictEqual([got.body.MessageBody, got.body.DequeueCount], ['hello', '1']);
    handle = got.body.ReceiptHandle;
    received = got.body;
  });
  await step(SDK, 'ChangeMessageVisibility', async () => {
    const changed = await mns.changeMessageVisibility('interop-work', handle, 60);
    assert.strictEqual(changed.code, 200);
    assert.notStrictEqual(changed.body.ReceiptHandle, handle);
    handle = changed.body.ReceiptHandle;
    assert.ok(Number(changed.body.NextVisibleTime) >= Number(received.FirstDequeueTime) + 60000);
  });
  await step(SDK, 'DeleteMessage', async () => {
    assert.strictEqual((await mns.deleteMessage('interop-work', handle)).code, 204);
  });
  await step(SDK, 'BatchSendMessage, BatchPeekMessage, BatchReceiveMessage, BatchDeleteMessage', async () => {
    const sent = await mns.batchSendMessage('interop-work', [{ MessageBody: 'a' }, { MessageBody: 'b' }]);
    assert.strictEqual(sent.body.length, 2);
    assert.strictEqual((await mns.batchPeekMessage('interop-work', 5)).body.length, 2);
    const got = await mns.batchReceiveMessage('interop-work', 5, 1);
    assert.deepStrictEqual(got.body.map((m) => m.MessageBody).sort(), ['a', 'b']);
    const deleted = await mns.batchDeleteMessage('interop-work', got.body.map((m) => m.ReceiptHandle));
    assert.strictEqual(deleted.code, 204);
  });
  await step(SDK, 'errors: MessageNotExist, QueueNotExist, ReceiptHandleError', async () => {
    await rejects(mns.receiveMessage('interop-work', 0), { name: 'MNSMessageNotExistError' });
    await rejects(mns.getQueueAttributes('nope'), { name: 'MNSQueueNotExistError' });
    await rejects(mns.changeMessageVisibility('interop-work', '1-bogus', 10), { name: 'MNSReceiptHandleErrorError' });
  });
  await step(SDK, 'CreateTopic, GetTopicAttributes, SetTopicAttributes, ListTopic', async () => {
    assert.strictEqual((await mns.createTopic('interop-news')).code, 201);
    assert.strictEqual((await mns.setTopicAttributes('interop-news', { MaximumMessageSize: 4096 })).code, 204);
    const attrs = (await mns.getTopicAttributes('interop-news')).body;
    assert.deepStrictEqual([attrs.TopicName, attrs.MaximumMessageSize], ['interop-news', '4096']);
    const listed = await mns.listTopic(undefined, 10, 'interop-');
    assert.deepStrictEqual(listed.body.map((t) => t.TopicURL), [`${settings.url}/topics/interop-news`]);
  });
  await step(SDK, 'Subscribe (queue endpoint), PublishMessage, the queue receives it', async () => {
    await mns.createQueue('interop-inbox');
    const endpoint = `acs:mns:${settings.region}:${settings.accountId}:queues/interop-inbox`;
    const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Subscription ${NS}><Endpoint>${endpoint}` +
      '</Endpoint><NotifyContentFormat>SIMPLIFIED</NotifyContentFormat></Subscription>');
    const subscribed = await mns.put('/topics/interop-news/subscriptions/to-inbox', 'Subscription', body);
    assert.strictEqual(subscribed.code, 201);
    const published = await mns.publishMessage('interop-news', { MessageBody: 'breaking' });
    assert.strictEqual(published.code, 201);
    assert.ok(published.body.MessageId);
    const got = await mns.receiveMessage('interop-inbox', 2);
    assert.strictEqual(got.body.MessageBody, 'breaking');
    assert.strictEqual((await mns.delete('/topics/interop-news/subscriptions/to-inbox', 'Subscription', '')).code,
      204);
  });
  await step(SDK, 'DeleteQueue, DeleteTopic', async () => {
    assert.strictEqual((await mns.deleteQueue('interop-work')).code, 204);
    assert.strictEqual((await mns.deleteQueue('interop-inbox')).code, 204);
    assert.strictEqual((await mns.delete('/topics/interop-news', 'Topic', '')).code, 204);
    await rejects(mns.getTopicAttributes('interop-news'), { name: 'MNSTopicNotExistError' });
  });
  await refusesWrongKeys(SDK, (secret, keyId) => client(secret, keyId).listQueue(),
    { name: 'MNSSignatureDoesNotMatchError' }, { name: 'MNSInvalidAccessKeyIdError' });
}

module.exports = { name: 'mns', run };
