// Types of scripts/agent-clis.mjs for the tests that import it.
export interface PinnedAgentCli {
  readonly package: string;
  readonly version: string;
  readonly bin: string;
}
export interface AgentCli extends PinnedAgentCli {
  /** True when the pinned version is in the cache. */
  readonly installed: boolean;
  readonly installedVersion?: string;
}
export declare const pinnedAgentClis: Readonly<Record<'claude' | 'codex', PinnedAgentCli>>;
export declare const agentClisDir: (env?: Record<string, string | undefined>) => string;
export declare const agentClis: (dir?: string) => Record<'claude' | 'codex', AgentCli>;
export declare const ensureAgentClis: (options?: { dir?: string; log?: (line: string) => void }) => {
  dir: string;
  clis: Record<'claude' | 'codex', AgentCli>;
  installed: string[];
};
