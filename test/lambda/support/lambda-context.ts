import type { Context } from 'aws-lambda';

/** A Lambda context as the runtime hands it to a handler (a plain object), for one function. */
export function lambdaContext(functionName: string, requestId = 'req-7d1c', remainingMs = 30_000): Context {
  return {
    awsRequestId: requestId, functionName, functionVersion: '$LATEST', invokedFunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '512', logGroupName: `/aws/lambda/${functionName}`, logStreamName: '2026/09/10/[$LATEST]0123456789abcdef', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remainingMs, done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}
