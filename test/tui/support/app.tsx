/**
 * Starts the whole TUI (store, session gateway, controller, Ink app) on a
 * temporary copy of `fixtures/demo` at a fixed terminal size.
 */
import React from 'react';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../../../src/tui/app.js';
import { followResizes } from '../../../src/tui/resize.js';
import { Controller } from '../../../src/tui/effects/controller.js';
import { SessionGateway, type OpenRequest } from '../../../src/tui/effects/gateway.js';
import { initialState } from '../../../src/tui/model/reducer.js';
import { createStore, type Store } from '../../../src/tui/model/store.js';
import type { TermSize } from '../../../src/tui/model/types.js';
import { VERSION } from '../../../src/version.js';
import { FIXTURES_DIR } from '../../support/fixtures.js';
import { renderAt, waitForFrame, type Rendered } from './render.js';

/** A running app on a scratch copy of the demo. */
export interface DemoApp {
  /** The scratch directory (the demo's copy). */
  readonly dir: string;
  readonly store: Store;
  readonly controller: Controller;
  readonly r: Rendered;
  /** True once the app asked to exit. */
  exited(): boolean;
  /** Waits for the running effect (if any) to finish. */
  settle(): Promise<void>;
  cleanup(): void;
}

/** The staging state file of a demo copy. */
export const stagingPath = (dir: string): string => join(dir, 'envs', 'staging', 'terraform.tfstate');
/** The prod state file of a demo copy. */
export const prodPath = (dir: string): string => join(dir, 'envs', 'prod', 'terraform.tfstate');

/**
 * Copies the demo, opens `req` (default `--env staging`) and waits for the
 * first screen (a frame containing `firstScreen`). `extra` files are copied from `fixtures/` into the scratch
 * directory first (e.g. `graph/v4-cycles.tfstate`).
 */
export async function openDemo(size: TermSize, req: OpenRequest = { env: 'staging' }, extra: readonly string[] = [], lockTimeoutMs = 0, firstScreen = 'Resources ('): Promise<DemoApp> {
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-tui-test-'));
  cpSync(join(FIXTURES_DIR, 'demo'), dir, { recursive: true });
  for (const f of extra) cpSync(join(FIXTURES_DIR, f), join(dir, f.split('/').pop()!));
  const app = await mountApp(dir, size, req, lockTimeoutMs);
  await waitForFrame(app.r, (f) => f.includes(firstScreen));
  return app;
}

/**
 * Starts the app in `dir` (its working directory and HOME) and waits for
 * `req` to be opened, whatever came of it (a state, or an error on the
 * status line). `cleanup` unmounts it and removes `dir`.
 */
export async function mountApp(dir: string, size: TermSize, req: OpenRequest, lockTimeoutMs = 0): Promise<DemoApp> {
  const store = createStore(initialState(size));
  const gw = new SessionGateway({ cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, version: VERSION, lockTimeoutMs });
  let exited = false;
  let r: Rendered | null = null;
  const controller = new Controller(store, gw, {
    cwd: dir,
    exit: () => {
      exited = true;
      r?.unmount();
    },
  });
  r = renderAt(<App controller={controller} />, size);
  const rendered = r;
  followResizes(rendered.stdout, store, () => rendered.rerender(<App controller={controller} />));
  await controller.start(req);
  return {
    dir,
    store,
    controller,
    r,
    exited: () => exited,
    settle: async () => {
      while (controller.running) await controller.running;
      await new Promise((res) => setTimeout(res, 30));
    },
    cleanup: () => {
      if (!exited) r?.unmount();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
