/** The webview's side of the VS Code bridge, typed per page. */
interface RawApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): RawApi;

export interface Bridge<Out, In, State> {
  post(message: Out): void;
  state(): State | undefined;
  save(state: State): void;
  onMessage(handler: (message: In) => void): void;
}

/** `acquireVsCodeApi` may be called once per page: call this once. */
export function bridge<Out, In, State>(): Bridge<Out, In, State> {
  const api = acquireVsCodeApi();
  return {
    post: (m) => api.postMessage(m),
    state: () => (api.getState() as State | undefined) ?? undefined,
    save: (st) => api.setState(st),
    onMessage: (handler) =>
      window.addEventListener('message', (e: MessageEvent) => {
        if (typeof e.data === 'object' && e.data !== null && typeof (e.data as { type?: unknown }).type === 'string') handler(e.data as In);
      }),
  };
}
