export * from './checklist/index.js';
