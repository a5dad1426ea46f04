import { describe, expect, it } from 'vitest';

// This file must not import the test servers (they silence the SDK too).
describe('S3 backend on Node 20', () => {
  it("never lets the AWS SDK print its Node version warning", async () => {
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const warnings: string[] = [];
    const listener = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', listener);
    try {
      const { createS3Backend } = await import('../../../src/backends/s3/index.js');
      const backend = createS3Backend({ bucket: 'b', key: 'k', region: 'us-east-1', dynamodbTable: 't', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      await backend.close();
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings.filter((w) => w.includes('NodeVersionSupportWarning'))).toEqual([]);
  });
});
