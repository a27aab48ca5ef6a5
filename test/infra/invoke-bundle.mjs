// Loads a synthesized Lambda bundle (cdk.out asset folder) in this fresh process, as Lambda's
// Node runtime would (`index.handler`), invokes it once and writes the result as JSON to the
// file named by argv[3]. Usage: node invoke-bundle.mjs <asset dir> <result file> < event.json
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [assetDir, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(0, 'utf8'));
const started = performance.now();
const { handler } = await import(pathToFileURL(join(assetDir, 'index.mjs')).href);
const loadedMs = performance.now() - started;
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', memoryLimitInMB: '256', awsRequestId: 'smoke-request',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  getRemainingTimeInMillis: () => 30_000, callbackWaitsForEmptyEventLoop: true,
};
const result = await handler(event, context);
writeFileSync(resultFile, JSON.stringify({ result, loadedMs }));
