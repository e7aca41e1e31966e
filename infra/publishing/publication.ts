import type { Either } from 'fp-ts/lib/Either.js';

/** The platforms `swarm publish --platform` knows. */
export const publishPlatforms = ['gumroad', 'npm', 'vercel', 'github', 'local'] as const;
export type PublishPlatform = (typeof publishPlatforms)[number];
export const isPublishPlatform = (p: string): p is PublishPlatform => (publishPlatforms as readonly string[]).includes(p);

/** One file of a product, by its path inside the product folder. */
export interface ProductFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly size: number;
}

/** What an adapter publishes: an approved product, as its approval and its folder describe it. */
export interface ProductToPublish {
  readonly approvalId: string;
  readonly name: string;
  /** Lowercase letters, digits and `-`: the product's name on every platform. */
  readonly slug: string;
  readonly description: string;
  /** The approved price in cents (USD); undefined or 0 = free. */
  readonly priceCents?: number;
  readonly version: string;
  readonly folder: string;
  readonly files: readonly ProductFile[];
  /** Where the `local` platform puts it (under `$SWARM_HOME/downloads/`). */
  readonly localFolder: string;
}

/** Where the product went: recorded on `ProductPublished`. */
export interface Publication {
  readonly platform: PublishPlatform;
  readonly url: string;
  /** The platform's own id (Gumroad product id, npm name@version, Vercel deployment id, GitHub release id, folder). */
  readonly externalId: string;
  /** True when a lookup found it already there (a retry after a crash), so nothing new was created. */
  readonly found: boolean;
}

/**
 * Why a publish did not happen. `not_configured` and `rejected` need a person (a setting or a credential, named in
 * `setting`); `unavailable` is the service being down after retries (the task is handed back and tried again);
 * `invalid` is a product the platform refused.
 */
export interface PublishFailure {
  readonly kind: 'not_configured' | 'rejected' | 'unavailable' | 'invalid';
  readonly message: string;
  readonly setting?: string;
}

/** A platform the swarm publishes to (the port): idempotent, it looks the product up before creating anything. */
export interface PlatformAdapter {
  readonly platform: PublishPlatform;
  publish(product: ProductToPublish): Promise<Either<PublishFailure, Publication>>;
}

export const notConfigured = (setting: string, platform: string): PublishFailure => ({
  kind: 'not_configured',
  setting,
  message: `${platform}: ${setting} is not set (environment, .env or the SSM prefix); the swarm cannot publish there without it`,
});
