import { openSecrets } from '../secrets/open-secrets.js';
import { withSlackSecrets, type SlackEnv } from './slack-settings.js';

/**
 * Slack's tokens through the secrets port (issue 18): the environment, then `.env`, then AWS SSM when
 * SWARM_SSM_PREFIX is set. Read once at start: Bolt holds the token it was given. Values stay in this process.
 */
export const slackEnvWithSecrets = async (env: SlackEnv, log?: { warn(fields: Record<string, unknown>, message: string): void }): Promise<{ env: SlackEnv } | { error: string }> => {
  const secrets = await openSecrets(env as NodeJS.ProcessEnv, { refreshTimer: false, ...(log ? { log } : {}) });
  if (secrets._tag === 'Left') return { error: secrets.left };
  try {
    return { env: withSlackSecrets(env, (name) => secrets.right.get(name)) };
  } finally {
    secrets.right.close();
  }
};

