import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { templateFor } from '../product-files.js';
import { num, SimRefusal, text, type SimSession } from '../sim-session.js';
import { slugOf } from '../stable-choice.js';
import { swarmPath } from './builder.js';

/** The product spec in the sections of the original's template (PIPE-03). */
export const specDocument = (payload: Readonly<Record<string, unknown>>): string => {
  const title = text(payload, 'title', 'Untitled product');
  const slug = slugOf(title);
  const t = templateFor(title);
  const users = text(payload, 'target_users', text(payload, 'target_buyer', 'developers'));
  return `# ${title} — Product Specification

## Overview
${text(payload, 'pitch', title)}

${text(payload, 'description')}

## Problem
${users.charAt(0).toUpperCase()}${users.slice(1)} do this by hand or with tools that do not fit their workflow (${text(payload, 'competition', 'no good alternative')}).

## Target Users
- ${users}

## Requirements
### Must
${t.behaviours.map((b) => `- It ${b}.`).join('\n')}
- It reads a file named on the command line, or standard input.
### Should
- It ships a README with install and usage instructions and an example.
### Nice to have
- A \`--help\` flag.

## User Stories
- As one of the ${users}, I run \`${slug} <file>\` and paste the output where I need it.
- As a maintainer, I run it in CI on every change.

## Acceptance Criteria
### Functional
${t.behaviours.map((b) => `- [ ] It ${b}.`).join('\n')}
- [ ] The example in \`examples/\` produces exactly the documented output.
### Quality
- [ ] The product has its own tests, runnable with \`node --test\`, and they pass.
- [ ] The README explains install and usage.
### Performance
- [ ] Empty input is handled without an error.

## Technical Spec
- Architecture: one pure function \`${t.functionName}\` in \`lib/${t.libFile}\`, wrapped by the CLI \`bin/${slug}.mjs\`.
- Stack: Node.js 20, ES modules, no runtime dependencies.
- Files: \`package.json\`, \`README.md\`, \`bin/\`, \`lib/\`, \`test/\`, \`examples/\`.
- API: \`${t.functionName}(text: string): string\`.
- Configuration: none.
- Errors: an unreadable input file exits non-zero with Node's message.

## Out of Scope
- A graphical interface, hosted service or account system.

## Success Metrics
- First sales within a month; maximum revenue estimate ${text(payload, 'max_revenue', 'unknown')}.

## Competitive Analysis
- Competition: ${text(payload, 'competition', 'unknown')}.
- Our edge: ${text(payload, 'differentiation', 'unknown')}.

## Open Questions
- Which distribution platform brings the most buyers?

## References
- Hunter source: ${text(payload, 'source', 'unknown')}.
- Critic evaluation: ${text(payload, 'critic_evaluation', 'none')}.

## Appendix
- Hunter rating ${num(payload, 'hunter_rating', 0)}/10, critic rating ${num(payload, 'critic_rating', 0)}/10, market size ${text(payload, 'market_size', 'Medium')}.
`;
};

const rating = (value: number): string => String(Math.min(10, Math.max(1, Math.round(value))));

/** write_spec: writes `$SWARM_HOME/specs/<slug>.md` and puts the project before the humans (gate 1). */
export const pm = (s: SimSession): void => {
  const p = s.task.payload;
  const title = text(p, 'title', 'Untitled product');
  // The swarm names the project and its spec's path in the task (issue 17); older tasks name neither.
  const project = text(p, 'project_id');
  const specPath = text(p, 'spec_path') ? swarmPath(s, text(p, 'spec_path')) : join(s.home, 'specs', `${slugOf(title)}.md`);
  mkdirSync(dirname(specPath), { recursive: true });
  writeFileSync(specPath, specDocument(p));
  s.progress(`wrote the spec ${specPath}`);
  const submitted = s.cli('claude-tasks', [
    'submit-project',
    '--title', title,
    '--hunter-pitch', text(p, 'pitch', title),
    '--hunter-rating', rating(num(p, 'hunter_rating', 5)),
    '--max-revenue', text(p, 'max_revenue', 'unknown'),
    '--critic-evaluation', text(p, 'critic_evaluation', 'approved by the critic'),
    '--critic-rating', rating(num(p, 'critic_rating', 5)),
    '--cons', text(p, 'cons', 'none recorded'),
    '--differentiation', text(p, 'differentiation', 'none recorded'),
    '--spec-path', specPath,
    '--effort', text(p, 'effort_estimate', 'unknown'),
    '--market-size', text(p, 'market_size', 'Medium'),
    '--from', s.agent,
    ...(project ? ['--project-id', project] : []),
  ]);
  // A project with this title already waiting for the humans carries the work: report that one.
  const projectId = submitted.json?.proposal_id ?? submitted.json?.existing_proposal_id;
  if (typeof projectId !== 'string') throw new SimRefusal(`submit-project was refused: ${String(submitted.json?.error ?? submitted.stderr.trim())}`);
  s.complete({ spec_path: specPath, project_id: projectId });
};
