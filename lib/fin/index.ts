export * from './limits';
export * from './common';
export * from './requests';
export * from './responses';
export * from './events';
export * from './webhooks';
export * from './errors';
export * from './oauth';
