import type { AgentName } from '../../domain/agent/roles.js';

/**
 * The folders of `$SWARM_HOME` each role's work needs inside its sandbox (SPEC §6 "Containment": what each role must
 * write, and nothing else). Everything else of `$SWARM_HOME` — the log, the read models, operator tokens, the config,
 * other runs — is not visible to a run at all.
 */
export interface RoleFolders {
  readonly writable: readonly string[];
  readonly readOnly: readonly string[];
}

const none: RoleFolders = { writable: [], readOnly: [] };

export const roleFolders: Readonly<Record<AgentName, RoleFolders>> = {
  hunter: none,
  critic: { writable: ['evaluations'], readOnly: [] },
  pm: { writable: ['specs'], readOnly: ['evaluations'] },
  // Build, fix, review and test work happen in the product folders; the spec is read, never rewritten.
  builder: { writable: ['projects'], readOnly: ['specs'] },
  reviewer: { writable: ['projects'], readOnly: ['specs'] },
  tester: { writable: ['projects'], readOnly: ['specs'] },
  publisher: { writable: ['downloads', 'content'], readOnly: ['projects', 'specs'] },
  meta: { writable: ['meta'], readOnly: [] },
  liaison: none,
  support: none,
};

/** Every folder of `$SWARM_HOME` some role works in: the files the swarm makes outside its log. */
export const workFolders: readonly string[] = [...new Set(Object.values(roleFolders).flatMap((f) => [...f.writable, ...f.readOnly]))].sort();
