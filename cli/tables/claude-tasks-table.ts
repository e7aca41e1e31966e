import type { CommandTable } from '../run-cli.js';

/**
 * The seed's `claude-tasks` command forms (inventory §7.2), mapped onto swarmlog's commands. Output is always JSON,
 * in the original's shapes. One module per subcommand under `cli/compat/claude-tasks/`.
 */
export const claudeTasksCommands: CommandTable = {
  create: () => import('../compat/claude-tasks/create.js'),
  list: () => import('../compat/claude-tasks/list.js'),
  claim: () => import('../compat/claude-tasks/claim.js'),
  complete: () => import('../compat/claude-tasks/complete.js'),
  cancel: () => import('../compat/claude-tasks/cancel.js'),
  'cancel-duplicates': () => import('../compat/claude-tasks/cancel-duplicates.js'),
  message: () => import('../compat/claude-tasks/message.js'),
  messages: () => import('../compat/claude-tasks/messages.js'),
  'submit-approval': () => import('../compat/claude-tasks/submit-approval.js'),
  'check-approval': () => import('../compat/claude-tasks/check-approval.js'),
  approvals: () => import('../compat/claude-tasks/approvals.js'),
  'submit-project': () => import('../compat/claude-tasks/submit-project.js'),
  projects: () => import('../compat/claude-tasks/projects.js'),
  project: () => import('../compat/claude-tasks/project.js'),
  'verify-publish': () => import('../compat/claude-tasks/verify-publish.js'),
};
