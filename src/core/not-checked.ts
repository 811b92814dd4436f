export * from './present/not-checked.js';
