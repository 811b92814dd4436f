export * from './present/index.js';
