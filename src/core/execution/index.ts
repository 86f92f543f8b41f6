export type { ExecutionClient, ExecutionEventSink } from './execution-client.ts';
export { ExecutionEngine, orderEventsTopic, positionEventsTopic } from './execution-engine.ts';
