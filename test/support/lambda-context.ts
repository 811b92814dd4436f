import type { Context } from 'aws-lambda';

/** The handler a bundled artefact exports, as the tests invoke it. */
export type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

/** The context Lambda gives an invocation: each its own request id, as in Lambda. */
export function lambdaContext(awsRequestId: string, remainingMs = 60_000): Context {
  return {
    awsRequestId,
    functionName: 'ecs-pullfix-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ecs-pullfix-test',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/ecs-pullfix-test',
    logStreamName: 's',
    getRemainingTimeInMillis: () => remainingMs,
  } as unknown as Context;
}
