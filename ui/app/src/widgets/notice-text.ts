/// <reference lib="dom" />
import { html, type TemplateResult } from 'lit';

/**
 * The swarm's own notices carry emoji (the original's wording, kept as it is in the log): "\u2705 APPROVED: …",
 * "\u274c REJECTED: …", "\ud83d\udccb NEW PROJECT PROPOSAL: … (\u2b50 7.5/10)". The dashboard shows each of those marks
 * drawn in CSS with its meaning as its accessible name (the star as the word "rating"), so they read the same on a
 * machine without an emoji font. Everything else is left as written, and all of it stays text.
 */
const notices: Readonly<Record<string, { readonly kind: string; readonly meaning: string }>> = {
  '\u2705': { kind: 'ok', meaning: 'approved' },
  '\u274c': { kind: 'bad', meaning: 'rejected' },
  '\ud83d\ude80': { kind: 'ok', meaning: 'published' },
  '\ud83d\udccb': { kind: 'new', meaning: 'waits for a decision' },
  '\ud83d\uddf3': { kind: 'new', meaning: 'proposal' },
  '\ud83c\udfaf': { kind: 'directive', meaning: 'directive' },
  '\u26a0': { kind: 'warn', meaning: 'warning' },
  '\ud83d\udeab': { kind: 'bad', meaning: 'refused' },
  // The Critic's traffic lights, one per dimension it judges.
  '\ud83d\udfe2': { kind: 'ok', meaning: 'green' },
  '\ud83d\udfe1': { kind: 'new', meaning: 'yellow' },
  '\ud83d\udd34': { kind: 'bad', meaning: 'red' },
};

const star = '\u2b50';
const marks = new RegExp(`(${[...Object.keys(notices), star].join('|')})\\ufe0f?`, 'gu');

export const noticeText = (text: string): TemplateResult | string => {
  if (!marks.test(text)) return text;
  marks.lastIndex = 0;
  const parts: (TemplateResult | string)[] = [];
  let at = 0;
  for (const match of text.matchAll(marks)) {
    parts.push(text.slice(at, match.index));
    const notice = notices[match[1]!];
    parts.push(notice ? html`<span class="notice-mark notice-${notice.kind}" role="img" aria-label=${notice.meaning}></span>` : 'rating');
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return html`${parts}`;
};
