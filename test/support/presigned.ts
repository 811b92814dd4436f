import fc from 'fast-check';

/** A stop reason quoting a presigned URL, the credential in it, and the words around the URL. */
export type PresignedReason = Readonly<{ reason: string; secret: string; around: string }>;

/** A credential as a presigned URL carries it: a base64 session token (raw or percent-encoded) or a hex signature. */
const credential = fc.oneof(
  fc
    .tuple(fc.base64String({ minLength: 40, maxLength: 200 }), fc.boolean())
    .map(([b64, encode]) => (encode ? encodeURIComponent(b64) : b64)),
  fc.stringMatching(/^[0-9a-f]{64}$/),
);
/** The parameter that carries it, as SigV4, SigV2 or Go's `fmt` (mangling `%3D`) writes it. */
const parameter = fc.constantFrom(
  'X-Amz-Security-Token=',
  'X-Amz-Signature=',
  'X-Amz-Credential=',
  'x-amz-security-token=',
  'Signature=',
  'AWSAccessKeyId=',
  'X-Amz-Security-Token%!D(MISSING)',
);
/** The container agent's words around the URL, or anything at all. */
const words = fc.oneof(
  fc.constantFrom(
    'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "',
    'CannotPullContainerError: error pulling image configuration: Get ',
    '": dial tcp 52.217.161.49:443: i/o timeout',
    ': net/http: TLS handshake timeout',
  ),
  fc.string({ maxLength: 80 }),
);

/** Stop reasons that quote the presigned URL of an image layer, its credential anywhere in the query. */
export const presignedReason: fc.Arbitrary<PresignedReason> = fc
  .tuple(words, parameter, credential, words)
  .map(([before, param, secret, after]) => ({
    reason: `${before}https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/d2c5f1/2b7a?X-Amz-Algorithm=AWS4-HMAC-SHA256&${param}${secret}&X-Amz-Expires=3600${after}`,
    secret,
    around: `${before} ${after}`,
  }));

/**
 * The pieces of the credential (any 12 characters of it) that `output` carries, leaving out
 * those the words around the URL happen to hold too.
 */
export function leakedPieces(output: string, { secret, around }: PresignedReason): string[] {
  const leaked: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i++) {
    const piece = secret.slice(i, i + 12);
    if (!around.includes(piece) && output.includes(piece)) leaked.push(piece);
  }
  return leaked;
}
