import type { DocReader } from '../engine/projection.js';
import { taskDayCollections, type AgentTaskDay, type TaskDay, type TypeTaskDay } from './task-days-projection.js';

export const tasksOn = (reader: DocReader, day: string): TaskDay =>
  reader.get<TaskDay>(taskDayCollections.day, day) ?? { day, created: 0, completed: 0, failed: 0, cancelled: 0, lastPosition: 0 };

/** Agents by tasks completed on the day, most first (ties by name), at most `limit`. */
export const topAgentsOn = (reader: DocReader, day: string, limit = 5): AgentTaskDay[] =>
  reader
    .page<AgentTaskDay>(taskDayCollections.agentDay, { prefix: `${day}|` })
    .filter((a) => a.completed > 0)
    .sort((a, b) => b.completed - a.completed || a.agent.localeCompare(b.agent))
    .slice(0, limit);

/** Task types by tasks created on the day, most first (ties by name), at most `limit`. */
export const topTypesOn = (reader: DocReader, day: string, limit = 5): TypeTaskDay[] =>
  reader
    .page<TypeTaskDay>(taskDayCollections.typeDay, { prefix: `${day}|` })
    .sort((a, b) => b.created - a.created || a.type.localeCompare(b.type))
    .slice(0, limit);
