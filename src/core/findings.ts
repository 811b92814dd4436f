export * from './findings/index.js';
