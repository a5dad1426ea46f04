/**
 * Mounting the app: builds the store, the session gateway and the
 * controller, renders with Ink (Ctrl-C does not exit Ink directly: it is a
 * key like any other and goes through the quit command), routes signals to
 * quit too, and resolves when the app has exited.
 */
import React from 'react';
import { render } from 'ink';
import { App } from './app.js';
import { followResizes } from './resize.js';
import type { TuiArgs } from './args.js';
import { Controller } from './effects/controller.js';
import { SessionGateway } from './effects/gateway.js';
import { initialState } from './model/reducer.js';
import { createStore } from './model/store.js';
import { VERSION } from '../version.js';

/** What the app runs on. */
export interface StartOptions {
  readonly args: TuiArgs;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/** Runs the app until the user quits. */
export async function startTui(o: StartOptions): Promise<void> {
  const store = createStore(initialState({ columns: o.stdout.columns || 80, rows: o.stdout.rows || 24 }));
  const gateway = new SessionGateway({ cwd: o.cwd, env: o.env, version: VERSION, ...(o.args.configFile ? { configFile: o.args.configFile } : {}), ...(o.args.workspace ? { workspace: o.args.workspace } : {}) });
  let unmount: () => void = () => undefined;
  const controller = new Controller(store, gateway, { cwd: o.cwd, exit: () => unmount() });
  // Reading starts first, so the state is read while Ink sets up and draws its first frame.
  void controller.start({ ...(o.args.state ? { state: o.args.state } : {}), ...(o.args.env ? { env: o.args.env } : {}) });
  const instance = render(<App controller={controller} />, { stdin: o.stdin, stdout: o.stdout, stderr: o.stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 60 });
  unmount = () => instance.unmount();
  const stopResizes = followResizes(o.stdout, store, () => instance.rerender(<App controller={controller} />));
  const onSignal = (): void => controller.quit();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const s of signals) process.off(s, onSignal);
    stopResizes();
  }
}
