import { EventEmitter } from 'node:events';

/**
 * "These settings were just saved", within one process: the settings screens' save reaches the backend's jobs at
 * once (the schedule re-reads its settings), while a poll of the database covers saves made by another process.
 */
export type SettingsTopic = 'schedule';

const emitter = new EventEmitter();
emitter.setMaxListeners(50);

export function notifySettingsSaved(topic: SettingsTopic): void {
  emitter.emit(topic);
}

/** Returns the unsubscribe function. */
export function onSettingsSaved(topic: SettingsTopic, listener: () => void): () => void {
  emitter.on(topic, listener);
  return () => emitter.off(topic, listener);
}
