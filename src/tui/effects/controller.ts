/**
 * The controller: the one place a resolved key press goes. Commands that
 * need I/O (loading, edits, restores, quitting) run here through the flows;
 * everything else is dispatched to the pure reducer.
 */
import type { ResolvedKey } from '../keymap/resolve.js';
import { confirmDecision } from '../model/dialog-reducer.js';
import { keyIntent, promptIntent, type Intent } from '../model/intents.js';
import { currentView, editTargets } from '../model/selectors.js';
import type { Store } from '../model/store.js';
import { diagText, say, TaskRunner, type FlowContext } from './context.js';
import { indexInBackground } from './background.js';
import { applyConfirmed, prepareBatch, prepareJob, prepareUndo } from './edit-flow.js';
import type { OpenRequest, SessionGateway } from './gateway.js';

/** What the controller needs from its host (the Ink app). */
export interface ControllerHost {
  /** Ends the app (unmount, restore the terminal). Called once. */
  exit(): void;
  /** The working directory for relative paths (`:apply-batch FILE`). */
  readonly cwd: string;
}

/** See the module comment. */
export class Controller {
  private readonly runner: TaskRunner;
  private readonly ctx: FlowContext;
  private exited = false;
  private readonly stopIndexing: () => void;

  constructor(
    readonly store: Store,
    readonly gw: SessionGateway,
    private readonly host: ControllerHost,
  ) {
    this.runner = new TaskRunner(store);
    this.ctx = { store, gw, task: this.runner.task };
    this.stopIndexing = indexInBackground(store);
  }

  /** The running effect (for tests and for quitting), or null. */
  get running(): Promise<void> | null {
    return this.runner.current;
  }

  /**
   * Opens the first location. When it fails and environments are
   * configured, the environment picker opens so the user can choose one.
   */
  start(req: OpenRequest): Promise<void> {
    return this.ctx.task('Reading the state…', async () => {
      const r = await this.gw.open(req);
      if (r.ok) {
        this.store.dispatch({ type: 'loaded', loaded: r.value, reset: true, status: { tone: 'info', text: loadedText(r.value.snapshot.meta.serial, r.value.location.short) } });
        return;
      }
      say(this.ctx, 'error', diagText(r.diags));
      const envs = await this.gw.environments();
      if (envs.ok && envs.value.length > 0) {
        this.store.dispatch({ type: 'push', view: { kind: 'envs', items: envs.value } });
      }
    });
  }

  /** Handles one key press. */
  handleKey(k: ResolvedKey): void {
    const s = this.store.getState();
    const d = s.dialog;
    switch (k.command) {
      case 'quit':
        return this.quit();
      case 'dialog.submit':
        if (d?.kind === 'prompt') return void this.runIntent(promptIntent(d), true);
        if (d?.kind === 'confirm' && confirmDecision(d) === 'apply') return void applyConfirmed(this.ctx, d);
        break;
      default:
        if (d || s.filterEditing) break;
        if (this.handleViewCommand(k)) return;
    }
    this.store.dispatch({ type: 'key', command: k.command, ...(k.text !== undefined ? { text: k.text } : {}) });
  }

  private handleViewCommand(k: ResolvedKey): boolean {
    const s = this.store.getState();
    const v = currentView(s);
    switch (k.command) {
      case 'reload':
        void this.ctx.task('Reloading…', async () => {
          const r = await this.gw.reload();
          if (r.ok) this.store.dispatch({ type: 'loaded', loaded: r.value, reset: false, status: { tone: 'info', text: loadedText(r.value.snapshot.meta.serial, r.value.location.short) } });
          else say(this.ctx, 'error', diagText(r.diags));
        });
        return true;
      case 'undo':
        void prepareUndo(this.ctx);
        return true;
      case 'envs':
        if (v.kind !== 'envs') this.store.dispatch({ type: 'push', view: { kind: 'envs', items: null } });
        void this.ctx.task('Listing environments…', async () => {
          const r = await this.gw.environments();
          if (!r.ok) return say(this.ctx, 'error', diagText(r.diags));
          if (r.value.length === 0) say(this.ctx, 'info', 'No environments are configured (no tfstate.config.json found).');
          this.store.dispatch({ type: 'envs-listed', items: r.value });
        });
        return true;
      case 'backups':
        if (!s.loaded) return false;
        if (v.kind !== 'backups') this.store.dispatch({ type: 'push', view: { kind: 'backups', items: null, cursor: 0, scroll: 0 } });
        void this.ctx.task('Listing backups…', async () => {
          const r = await this.gw.listBackups();
          if (!r.ok) return say(this.ctx, 'error', diagText(r.diags));
          this.store.dispatch({ type: 'backups-listed', items: r.value });
        });
        return true;
      case 'open':
        if (v.kind === 'backups' && v.items && v.items[v.cursor]) {
          const b = v.items[v.cursor];
          void prepareJob(this.ctx, { kind: 'restore', backupId: b.id, undo: false }, `restore ${b.id}`);
          return true;
        }
        return false;
      case 'edit.remove':
      case 'edit.taint':
      case 'edit.untaint':
        if (v.kind !== 'resources' && v.kind !== 'detail') return false;
        void this.runIntent(keyIntent(k.command, editTargets(s)), false);
        return true;
      default:
        return false;
    }
  }

  /** Switches to a configured environment (the user picked it, so it counts as named). */
  switchEnvironment(name: string): Promise<void> {
    return this.ctx.task(`Opening ${name}…`, async () => {
      const r = await this.gw.open({ env: name });
      if (!r.ok) return say(this.ctx, 'error', diagText(r.diags));
      this.store.dispatch({ type: 'loaded', loaded: r.value, reset: true, status: { tone: 'info', text: `Switched to ${name}: ${loadedText(r.value.snapshot.meta.serial, r.value.location.short)}` } });
    });
  }

  private async runIntent(intent: Intent, fromPrompt: boolean): Promise<void> {
    switch (intent.kind) {
      case 'error':
        // A prompt stays open so the text can be fixed.
        return say(this.ctx, 'error', intent.message);
      case 'quit':
        this.store.dispatch({ type: 'dialog', dialog: null });
        return this.quit();
      case 'batch':
        if (fromPrompt) this.store.dispatch({ type: 'dialog', dialog: null });
        return prepareBatch(this.ctx, intent.file, this.host.cwd);
      case 'edit':
        if (fromPrompt) this.store.dispatch({ type: 'dialog', dialog: null });
        return prepareJob(this.ctx, intent.job, intent.title);
    }
  }

  /**
   * Quits. No lock is held while browsing; when an edit is running, quitting
   * waits for it to finish so the transaction releases its lock first.
   */
  quit(): void {
    if (this.exited) return;
    const running = this.runner.current;
    if (running) {
      this.store.dispatch({ type: 'quitting' });
      say(this.ctx, 'progress', 'Quitting: waiting for the running operation to finish and release its lock…');
      void running.finally(() => this.finish());
      return;
    }
    this.finish();
  }

  private finish(): void {
    if (this.exited) return;
    this.exited = true;
    this.stopIndexing();
    this.host.exit();
  }
}

function loadedText(serial: bigint, display: string): string {
  return `Read ${display} (serial ${serial}). Nothing is locked while you browse.`;
}
