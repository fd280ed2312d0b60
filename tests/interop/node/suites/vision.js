'use strict';
// A vision API, facebody DetectFace, through @alicloud/facebody20191230 on @alicloud/openapi-client: the
// catalog's default answer, an answer and an error scripted through the control plane, a missing parameter.

const Facebody = require('@alicloud/facebody20191230');
const { Config } = require('@alicloud/openapi-client');
const { settings, control, step, rejects, refusesWrongKeys, assert } = require('../lib/harness');

const SDK = '@alicloud/facebody20191230';
const Client = Facebody.default;

function client(secret = settings.accessKeySecret, keyId = settings.accessKeyId) {
  return new Client(new Config({ accessKeyId: keyId, accessKeySecret: secret, endpoint: settings.endpoint,
    protocol: 'http', regionId: 'cn-shanghai', readTimeout: 20000 }));
}

function detect(face, extra = {}) {
  return face.detectFace(new Facebody.DetectFaceRequest(Object.assign({ imageURL: 'http://img.example/me.jpg' },
    extra)));
}

async function run() {
  const face = client();
  await step(SDK, 'DetectFace (default answer)', async () => {
    const reply = await detect(face, { landmark: true, maxFaceNumber: 3 });
    assert.strictEqual(reply.statusCode, 200);
    assert.deepStrictEqual([reply.body.data.faceCount, reply.body.data.faceRectangles], [1, [8, 8, 256, 256]]);
    assert.strictEqual(reply.headers['x-acs-request-id'], reply.body.requestId);
  });
  await step(SDK, 'DetectFace (scripted answer and error)', async () => {
    await control('/viapi/scripts', { product: 'facebody', api: 'DetectFace', script: [
      { times: 1, return: { Data: { FaceCount: 2, FaceRectangles: [1, 2, 3, 4, 5, 6, 7, 8] } } },
      { throw: { error: 'InvalidImage.Download', cause: 'cannot download the image' } }] });
    const reply = await detect(face);
    assert.deepStrictEqual([reply.body.data.faceCount, reply.body.data.faceRectangles.length], [2, 8]);
    const err = await rejects(detect(face), { code: 'InvalidImage.Download', statusCode: 400 });
    assert.ok(err.message.includes('cannot download the image'), err.message);
    assert.ok(err.data.RequestId);
  });
  await step(SDK, 'errors: MissingImageURL', async () => {
    await rejects(face.detectFace(new Facebody.DetectFaceRequest({})), { code: 'MissingImageURL',
      statusCode: 400 });
  });
  await refusesWrongKeys(SDK, (secret, keyId) => detect(client(secret, keyId)),
    { code: 'SignatureDoesNotMatch', statusCode: 400 }, { code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
}

module.exports = { name: 'vision', run };
