/*
 * What a run says to people and machines: one view model (./view.ts) and thin renderers —
 * the terminal report (./terminal.ts, ./verdict.ts, ./wrap.ts), the notice's e-mail
 * (./email.ts) and the JSON documents (./document.ts), put together as a notice by ./notice.ts.
 */
export * from './chat.js';
export * from './chat-text.js';
export * from './document.js';
export * from './email.js';
export * from './not-checked.js';
export * from './notice.js';
export * from './terminal.js';
export * from './text.js';
export * from './verdict.js';
export * from './view.js';
export * from './wrap.js';
