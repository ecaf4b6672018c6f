/** Service quality (好差评, 差评整改): levels, reasons, the rating window and the work-order stage machine. */
export * from './quality.levels.ts';
export * from './quality.reasons.ts';
export * from './quality.window.ts';
export * from './quality.rectification.ts';
