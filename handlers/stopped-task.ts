import { awsLambdaPorts } from '../src/aws/ports.js';
import { loadLambdaConfig } from '../src/config.js';
import { createHandler } from '../src/lambda.js';

// Built once per container: the configuration (failing fast, naming the variable) and the clients.
const config = loadLambdaConfig(process.env);

/** The Lambda entry point: `ECS Task State Change` events from EventBridge. */
export const handler = createHandler(awsLambdaPorts(config), config);
