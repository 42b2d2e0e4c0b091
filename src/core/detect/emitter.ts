// A minimal event emitter shaped like VS Code's Event<T> (listener in, disposable out), so the editor
// layer can subscribe without adapters while src/core stays free of the editor.

export interface Subscription {
  dispose(): void;
}

export type Event<T> = (listener: (event: T) => void) => Subscription;

export class Emitter<T> {
  private listeners: Array<(event: T) => void> = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One faulty listener (e.g. a closed view) must not stop detection or starve the other listeners.
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
