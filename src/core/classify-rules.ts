export * from './classify-rules/index.js';
