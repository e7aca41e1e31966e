import { isSameIdea } from '../../domain/project/known-idea.js';
import { stableNumber } from './stable-choice.js';

/** The four parts of the Hunter's score (PIPE-01): income 30 %, effort 25 %, skill match 25 %, competition 20 %. */
export interface IdeaScores {
  readonly income: number;
  readonly effort: number;
  readonly skillMatch: number;
  readonly competition: number;
}

export interface CatalogueIdea {
  readonly title: string;
  readonly pitch: string;
  readonly description: string;
  readonly scores: IdeaScores;
  readonly maxRevenue: string;
  readonly marketSize: 'Small' | 'Medium' | 'Large';
  readonly effortEstimate: string;
  readonly targetBuyer: string;
  readonly competition: string;
  readonly differentiation: string;
  readonly source: string;
  /** The product template the builder uses for it (`undefined` for ideas that must never be built). */
  readonly template?: ProductTemplateName;
}

export type ProductTemplateName = 'markdown-toc' | 'csv-table' | 'changelog' | 'env-lint';

/** Weighted score on 1–10, one decimal (the Hunter's minimum for a viable idea is 5.0). */
export const hunterScore = (s: IdeaScores): number => Math.round((s.income * 0.3 + s.effort * 0.25 + s.skillMatch * 0.25 + s.competition * 0.2) * 10) / 10;

export const minimumViableScore = 5.0;

/** Small developer tools the swarm can build, test and publish offline. */
export const productIdeas: readonly CatalogueIdea[] = [
  {
    title: 'Markdown TOC Generator',
    pitch: 'A zero-dependency CLI that writes a linked table of contents for any Markdown file.',
    description: 'Reads a Markdown document and prints a nested, linked list of its headings, ready to paste under the title.',
    scores: { income: 6, effort: 9, skillMatch: 9, competition: 5 },
    maxRevenue: '$400/month',
    marketSize: 'Medium',
    effortEstimate: '2 hours',
    targetBuyer: 'technical writers and open-source maintainers',
    competition: 'editor plugins tied to one editor; online generators that need an upload',
    differentiation: 'works offline in any shell and CI pipeline, no editor or upload needed',
    source: 'developer forums: recurring "generate TOC for README" questions',
    template: 'markdown-toc',
  },
  {
    title: 'CSV to Markdown Table Converter',
    pitch: 'Turns CSV exports into clean Markdown tables for docs and wikis.',
    description: 'A CLI that reads CSV (file or stdin) and prints a Markdown table with a header row and aligned separators.',
    scores: { income: 5, effort: 9, skillMatch: 9, competition: 5 },
    maxRevenue: '$250/month',
    marketSize: 'Medium',
    effortEstimate: '2 hours',
    targetBuyer: 'analysts and engineers who document data in Markdown',
    competition: 'web converters that need copy-paste and an upload of possibly private data',
    differentiation: 'runs locally, so private data never leaves the machine; scriptable in CI',
    source: 'documentation tooling marketplaces',
    template: 'csv-table',
  },
  {
    title: 'Conventional Changelog Formatter',
    pitch: 'Groups conventional-commit lines into a readable release changelog.',
    description: 'Reads `git log --format=%s` output and prints Features, Bug Fixes and Documentation sections in Markdown.',
    scores: { income: 7, effort: 8, skillMatch: 9, competition: 6 },
    maxRevenue: '$600/month',
    marketSize: 'Medium',
    effortEstimate: '3 hours',
    targetBuyer: 'small teams shipping libraries without a release manager',
    competition: 'heavy release frameworks that need configuration and plugins',
    differentiation: 'one small command, no configuration, works on any commit list',
    source: 'package registry trends: release tooling downloads',
    template: 'changelog',
  },
  {
    title: 'Dotenv Linter CLI',
    pitch: 'Catches duplicate keys, empty values and malformed lines in .env files before deploys.',
    description: 'A CLI that checks a .env file and prints each problem with its line number; exits cleanly when the file is fine.',
    scores: { income: 6, effort: 8, skillMatch: 9, competition: 6 },
    maxRevenue: '$350/month',
    marketSize: 'Small',
    effortEstimate: '2 hours',
    targetBuyer: 'backend developers and DevOps engineers',
    competition: 'general linters that ignore .env files',
    differentiation: 'focused on the mistakes that break deploys, with line numbers',
    source: 'incident write-ups caused by bad environment files',
    template: 'env-lint',
  },
];

/** Ideas a scan also turns up that the swarm must not build (services, bounties) or that score too low. */
export const otherIdeas: readonly CatalogueIdea[] = [
  {
    title: 'Managed Server Monitoring Service',
    pitch: 'We watch small businesses\' servers for a monthly fee and fix outages for them.',
    description: 'A managed service: on-call monitoring and incident response sold as a subscription.',
    scores: { income: 8, effort: 4, skillMatch: 6, competition: 5 },
    maxRevenue: '$2000/month',
    marketSize: 'Large',
    effortEstimate: 'ongoing',
    targetBuyer: 'small businesses without an operations team',
    competition: 'hosting providers and established monitoring vendors',
    differentiation: 'personal service',
    source: 'freelance job boards',
  },
  {
    title: 'GitHub Bounty Sprint',
    pitch: 'Collect open bounties on GitHub issues and solve them for the payouts.',
    description: 'Work through bounty platforms and submit pull requests to external repositories for rewards.',
    scores: { income: 6, effort: 4, skillMatch: 7, competition: 4 },
    maxRevenue: '$500/month',
    marketSize: 'Small',
    effortEstimate: 'per bounty',
    targetBuyer: 'bounty platforms',
    competition: 'many bounty hunters',
    differentiation: 'speed',
    source: 'bounty platforms',
  },
  {
    title: 'Yet Another Todo App',
    pitch: 'A simple todo list app with tags.',
    description: 'A todo list with tags and due dates.',
    scores: { income: 2, effort: 6, skillMatch: 8, competition: 1 },
    maxRevenue: '$20/month',
    marketSize: 'Large',
    effortEstimate: '1 day',
    targetBuyer: 'anyone',
    competition: 'hundreds of free todo apps',
    differentiation: 'none',
    source: 'brainstorm',
  },
];

/**
 * The two ideas one scan turns up: a product idea and one of the others, both chosen by a hash of the task id; an idea
 * like one the swarm already has (`known`, its titles) is passed over for the next in its list, as a model told of
 * them looks elsewhere. Fewer than two when a list holds nothing new.
 */
export const ideasForScan = (taskId: string, known: readonly string[] = []): readonly CatalogueIdea[] => {
  const h = stableNumber(`scan:${taskId}`);
  return [firstNew(productIdeas, h % productIdeas.length, known), firstNew(otherIdeas, (h >>> 8) % otherIdeas.length, known)].filter(
    (i): i is CatalogueIdea => i !== undefined,
  );
};

/** The idea at `start` in `list`, or the next after it that is not one of the `known` ones (none when all are). */
const firstNew = (list: readonly CatalogueIdea[], start: number, known: readonly string[]): CatalogueIdea | undefined => {
  for (let i = 0; i < list.length; i++) {
    const idea = list[(start + i) % list.length]!;
    if (!known.some((title) => isSameIdea(idea.title, title))) return idea;
  }
  return undefined;
};

export const ideaTitled = (title: string): CatalogueIdea | undefined =>
  [...productIdeas, ...otherIdeas].find((i) => i.title.toLowerCase() === title.trim().toLowerCase());

/** The payload of an `evaluate_idea` task for the critic (the workflow's hunter fields). */
export const evaluationPayload = (idea: CatalogueIdea) => ({
  title: idea.title,
  pitch: idea.pitch,
  hunter_rating: hunterScore(idea.scores),
  max_revenue: idea.maxRevenue,
  market_size: idea.marketSize,
  description: idea.description,
  effort_estimate: idea.effortEstimate,
  target_buyer: idea.targetBuyer,
  competition: idea.competition,
  differentiation: idea.differentiation,
  source: idea.source,
});
