import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capped, INPUT_CAPS, redactPresigned } from '../../src/core/untrusted.js';

/** A session token as STS issues them (base64), the part a presigned URL must not leak. */
const TOKEN = 'IQoJb3JpZ2luX2VjEGcaCXVzLWVhc3QtMSJHMEUCIQDh7vB2kT9x5Qn4ZJtq3ZyG1kq8pKx0yJdLr0s2V4wZ1gIgF3y8';
const ENCODED_TOKEN = encodeURIComponent(`${TOKEN}+/8w==`);
const SIGNATURE = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
/** The container agent's message when the task cannot fetch a layer from ECR's S3 bucket. */
const layerTimeout = (query: string) =>
  `CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/d2c5f1-111122223333-5a1e3c0b/2b7a4e1c-3f9d?${query}": dial tcp 52.217.161.49:443: i/o timeout`;

describe(redactPresigned.name, () => {
  it('redacts every X-Amz-* value of a presigned layer URL in a stop reason, and keeps the rest of the message', () => {
    const reason = layerTimeout(
      `X-Amz-Security-Token=${ENCODED_TOKEN}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20241120T091500Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Credential=ASIAQEXAMPLE7%2F20241120%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=${SIGNATURE}`,
    );

    expect(redactPresigned(reason)).toBe(
      layerTimeout(
        'X-Amz-Security-Token=[redacted]&X-Amz-Algorithm=[redacted]&X-Amz-Date=[redacted]&X-Amz-SignedHeaders=[redacted]&X-Amz-Expires=[redacted]&X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]',
      ),
    );
  });

  it.each([
    [
      'a Signature Version 2 URL',
      `https://layers.s3.amazonaws.com/l?AWSAccessKeyId=ASIAQEXAMPLE7&Expires=1732094100&Signature=${encodeURIComponent('vjbyPxybdZaNmGa+yT272YEAiv4=')}&x-amz-security-token=${ENCODED_TOKEN}`,
      'https://layers.s3.amazonaws.com/l?AWSAccessKeyId=[redacted]&Expires=1732094100&Signature=[redacted]&x-amz-security-token=[redacted]',
    ],
    [
      'a presigned URL inside another URL, percent-encoded',
      `redirect to https://auth.example.com/cb?next=https%3A%2F%2Fb.s3.amazonaws.com%2Fk%3FX-Amz-Security-Token%3D${ENCODED_TOKEN}%26X-Amz-Signature%3D${SIGNATURE}%26a%3Db failed`,
      'redirect to https://auth.example.com/cb?next=https%3A%2F%2Fb.s3.amazonaws.com%2Fk%3FX-Amz-Security-Token%3D[redacted]%26X-Amz-Signature%3D[redacted]%26a%3Db failed',
    ],
    [
      "Go's fmt mangling the URL's percent signs",
      'Get https://b.s3.amazonaws.com/k?X-Amz-Credential=ASIAQEXAMPLE7%!F(MISSING)20241120%!F(MISSING)us-east-1&X-Amz-Security-Token%!D(MISSING)IQoJb3%!B(MISSING)Jpc2luX2Vj%!F(MISSING)EGca: i/o timeout',
      'Get https://b.s3.amazonaws.com/k?X-Amz-Credential=[redacted]&X-Amz-Security-Token%!D(MISSING)[redacted]: i/o timeout',
    ],
    [
      'a URL quoted in JSON by Go (\\u0026 for &)',
      `{"url":"https://b.s3.amazonaws.com/k?X-Amz-Signature=${SIGNATURE}\\u0026X-Amz-Date=20241120T091500Z"}`,
      '{"url":"https://b.s3.amazonaws.com/k?X-Amz-Signature=[redacted]\\u0026X-Amz-Date=[redacted]"}',
    ],
  ])('redacts the credentials of %s', (_, text, expected) => {
    expect(redactPresigned(text)).toBe(expected);
  });

  it('leaves a stop reason with no presigned URL as it is', () => {
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.4.2: SignatureDoesNotMatch';
    expect(redactPresigned(reason)).toBe(reason);
  });

  it('leaves no piece of a presigned URL credential placed anywhere in any text, and redacts once', () => {
    // A session token or signature as it appears in a URL: base64, raw or percent-encoded.
    const credential = fc
      .tuple(fc.base64String({ minLength: 24, maxLength: 120 }), fc.boolean())
      .map(([b64, encode]) => (encode ? encodeURIComponent(b64) : b64));
    const name = fc.constantFrom(
      'X-Amz-Security-Token',
      'X-Amz-Signature',
      'X-Amz-Credential',
      'x-amz-security-token',
      'Signature',
      'AWSAccessKeyId',
    );
    const separator = fc.constantFrom('=', '%3D', '%!D(MISSING)');
    fc.assert(
      fc.property(
        fc.string(),
        name,
        separator,
        credential,
        fc.string(),
        (before, param, sep, value, after) => {
          const text = `${before}https://b.s3.amazonaws.com/k?${param}${sep}${value}&X-Amz-Expires=60 ${after}`;
          const redacted = redactPresigned(text);
          // Every 12 characters of the credential, unless the text around it happens to hold them.
          for (let i = 0; i + 12 <= value.length; i++) {
            const piece = value.slice(i, i + 12);
            if (!`${before} ${after}`.includes(piece)) expect(redacted).not.toContain(piece);
          }
          expect(redactPresigned(redacted)).toBe(redacted);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('redacts a token after a 16 KiB run of X-Amz- names (each name is read at most 64 characters)', () => {
    const hostile = `${'X-Amz-'.repeat(2_700)}Token=${TOKEN}`;
    const redacted = redactPresigned(hostile);
    expect(redacted.includes(TOKEN)).toBe(false);
    expect(redacted.endsWith('X-Amz-Token=[redacted]')).toBe(true);
  });
});

describe(capped.name, () => {
  it('keeps a value under its cap as it is', () => {
    expect(capped('checkout', INPUT_CAPS.shortChars)).toBe('checkout');
  });

  it('cuts a value over its cap to the cap', () => {
    expect(capped('x'.repeat(1_000_000), INPUT_CAPS.imageChars)).toBe('x'.repeat(INPUT_CAPS.imageChars));
  });

  it('never cuts between the two halves of a character outside the BMP', () => {
    expect(capped(`${'x'.repeat(9)}😀😀`, 10)).toBe('x'.repeat(9));
  });
});
