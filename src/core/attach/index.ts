// Attach mode: your own Elasticsearch, Prometheus and app instead of the lab's containers.
export * from './config';
export * from './errors';
export * from './clients';
export * from './health';
