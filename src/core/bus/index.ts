export { type Handler, MessageBus, Topic } from './message-bus.ts';
