/** A typed event emitter (no Node `events`): one listener list per event name; a throwing listener never stops the others. */
export interface Disposable {
  dispose(): void;
}

export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): Disposable {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (value: never) => void;
    set.add(entry);
    return { dispose: () => void set.delete(entry) };
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        (l as (value: Events[K]) => void)(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
