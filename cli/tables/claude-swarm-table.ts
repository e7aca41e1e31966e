import type { CommandTable } from '../run-cli.js';

/**
 * The seed's `claude-swarm` command forms (inventory §7.1), mapped onto swarmlog's commands: discussions, proposals,
 * votes and the swarm status. One module per subcommand under `cli/compat/claude-swarm/`.
 */
export const claudeSwarmCommands: CommandTable = {
  discuss: () => import('../compat/claude-swarm/discuss.js'),
  propose: () => import('../compat/claude-swarm/propose.js'),
  proposals: () => import('../compat/claude-swarm/proposals.js'),
  vote: () => import('../compat/claude-swarm/vote.js'),
  implemented: () => import('../compat/claude-swarm/implemented.js'),
  status: () => import('../compat/claude-swarm/status.js'),
};
