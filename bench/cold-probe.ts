/**
 * Run in a fresh process, bundled like the Lambda (bench/cold-start.ts): imports the handler's
 * module as Lambda's init does, then runs one invocation of its code on the simulated account
 * (argv: the scenario, the scenarios folder), and prints the time of each in ms. The simulated
 * account's own code is loaded between the two and counted in neither.
 */
const started = performance.now();
await import('../handlers/stopped-task.js');
const initMs = performance.now() - started;
const { firstInvocation } = await import('./cold-invocation.js');
const [, , scenario = '', dir = ''] = process.argv;
const invoked = performance.now();
const result = await firstInvocation(scenario, dir);
const firstMs = performance.now() - invoked;
console.log(JSON.stringify({ initMs, firstMs, result: result.result }));
