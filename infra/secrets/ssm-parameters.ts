import type { Parameter, SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';

/**
 * The client's settings from the given environment, by the SDK's own names (AWS_REGION or AWS_DEFAULT_REGION,
 * AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN). Without
 * keys in it the SDK's default chain applies (profile, SSO, instance role). Read from `env` rather than left to the
 * SDK so the same names work for an environment that is not `process.env` (tests, `swarm secrets check`).
 */
export const ssmClientSettings = (env: NodeJS.ProcessEnv): SSMClientConfig => {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const endpoint = env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL;
  return {
    maxAttempts: 3,
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } }
      : {}),
  };
};

/** The SSM prefix as a path: `/swarmlog/prod` (a leading `/`, no trailing one). */
export const normalisedPrefix = (prefix: string): string => `/${prefix.replace(/^\/+|\/+$/g, '')}`;

/** `/swarmlog/prod/GITHUB_TOKEN` under `/swarmlog/prod` → `GITHUB_TOKEN`; deeper paths keep their `/`. */
export const secretNameOf = (parameterName: string, prefix: string): string => parameterName.slice(prefix.length).replace(/^\/+/, '');

/** Why SSM could not be read, naming the setting a person would change. */
export const ssmFailure = (e: unknown, prefix: string): string => {
  const err = e as { name?: string; message?: string; code?: string };
  const name = err.name ?? err.code ?? 'Error';
  if (/credential|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|ExpiredToken/i.test(`${name} ${err.message ?? ''}`))
    return `AWS SSM refused the credentials (${name}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE`;
  if (/AccessDenied/i.test(name)) return `AWS SSM denied reading ${prefix} (${name}): the credentials need ssm:GetParametersByPath and kms:Decrypt (SWARM_SSM_PREFIX)`;
  if (/region/i.test(err.message ?? '')) return `AWS SSM needs a region: set AWS_REGION (${err.message})`;
  return `AWS SSM could not be read at ${prefix} (${name}: ${err.message ?? 'no message'}); check AWS_REGION and AWS_ENDPOINT_URL_SSM`;
};

/**
 * Every parameter under `prefix`, through `@aws-sdk/client-ssm`: recursive, SecureStrings decrypted, every page
 * (NextToken). The client takes the standard settings itself (AWS_REGION, AWS_ENDPOINT_URL_SSM, credentials).
 */
export const readParametersUnder = async (client: SSMClient, prefix: string): Promise<Map<string, string>> => {
  const { GetParametersByPathCommand } = await import('@aws-sdk/client-ssm');
  const values = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetParametersByPathCommand({ Path: prefix, Recursive: true, WithDecryption: true, MaxResults: 10, ...(nextToken ? { NextToken: nextToken } : {}) }));
    for (const p of page.Parameters ?? ([] as Parameter[])) if (p.Name && p.Value !== undefined) values.set(secretNameOf(p.Name, prefix), p.Value);
    nextToken = page.NextToken;
  } while (nextToken);
  return values;
};
