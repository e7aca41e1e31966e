import { evaluationPayload, hunterScore, ideasForScan, minimumViableScore } from '../idea-catalogue.js';
import type { SimSession } from '../sim-session.js';
import { textDirective } from '../directives.js';
import { knownIdeasOf } from '../known-ideas.js';

/**
 * scan_platform / research: two ideas per scan from the catalogue (chosen by the task id); each viable one
 * (score ≥ 5.0) goes to the critic as an `evaluate_idea` task. An idea already waiting for the critic is a
 * duplicate the CLI refuses: that is fine, the critic has it. Ideas the swarm already has (listed in the prompt) are
 * passed over for others in the catalogue.
 */
export const hunter = (s: SimSession): void => {
  // A scan of a named platform always finds the same ideas (reproducible demos and tests); otherwise the task decides.
  // The prompt directive `sim: hunter.platform=NAME` (agents/sim/directives.ts) names the platform instead.
  const seed = textDirective(process.env, 'hunter.platform') ?? s.task.payload.platform;
  // The ideas the swarm already has (its prompt lists them; the driver hands them on) are not proposed again.
  const ideas = ideasForScan(typeof seed === "string" && seed !== "" ? seed : s.task.id, knownIdeasOf(process.env));
  const submitted: string[] = [];
  const skipped: string[] = [];
  for (const idea of ideas) {
    const score = hunterScore(idea.scores);
    if (score < minimumViableScore) {
      s.progress(`"${idea.title}" scores ${score.toFixed(1)}, below ${minimumViableScore.toFixed(1)}: not viable`);
      skipped.push(idea.title);
      continue;
    }
    const created = s.cli('claude-tasks', [
      'create', '--type', 'evaluate_idea', '--to', 'critic', '--from', s.agent, '--priority', '7',
      '--payload', JSON.stringify(evaluationPayload(idea)),
    ]);
    if (created.exitCode === 0 || created.json?.status === 'duplicate_rejected') submitted.push(idea.title);
    else skipped.push(idea.title);
  }
  const found = submitted.length === 0 ? 'no viable ideas' : submitted.map((t) => `"${t}"`).join(' and ');
  s.cli('claude-swarm', ['discuss', s.agent, `Scan ${s.task.id}: sent ${found} to the critic${skipped.length ? `; passed on ${skipped.length}` : ''}.`]);
  for (const title of submitted)
    s.cli('swarm', ['memory', 'add', '--type', 'discovery', `Idea found: ${title}`, '--importance', '6', '--tags', 'idea,scan']);
  s.complete({ ideas: submitted });
};
