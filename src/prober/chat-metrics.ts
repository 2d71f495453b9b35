import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { CHAT_CLEANUP_FAILURE_REASONS, CHAT_MESSAGE_DIRECTIONS, SYNTHETIC_CHAT_OUTCOMES, type ProbeResult } from './types.ts';

const TARGET_LABELS = ['target'] as const;

/**
 * Delivery (RequestChat to the offer on the test agent) is routing: a fraction of a second when an
 * agent is Ready, seconds through a busy router; the probe's default settle timeout is 15 s.
 */
export const CHAT_DELIVERY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 10, 15, 30] as const;

/**
 * A message reaches the agent by notification within a fraction of a second; the customer polls
 * GetMessages, so its side adds up to one poll interval (250 ms by default).
 */
export const CHAT_MESSAGE_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] as const;

/**
 * The synthetic-chat probe's own series, labelled by target (and the message's direction): there is
 * one such probe per target, and its health is the chat path's, not one operation's.
 */
export function createChatMetrics(registry: Registry) {
  const registers = [registry];
  const runs = new Counter({
    name: 'gwscheck_chat_probe_runs_total',
    help: 'Synthetic-chat probe runs by outcome.',
    labelNames: [...TARGET_LABELS, 'outcome'] as const,
    registers,
  });
  const delivery = new Histogram({
    name: 'gwscheck_chat_delivery_seconds',
    help: 'Time from the customer\'s RequestChat until the chat was offered to the test agent.',
    labelNames: TARGET_LABELS,
    buckets: [...CHAT_DELIVERY_BUCKETS],
    registers,
  });
  const message = new Histogram({
    name: 'gwscheck_chat_message_seconds',
    help: 'Time from sending a chat message until the other side\'s transcript showed it, by direction (agent_to_customer, customer_to_agent).',
    labelNames: [...TARGET_LABELS, 'direction'] as const,
    buckets: [...CHAT_MESSAGE_BUCKETS],
    registers,
  });
  const cleanupFailures = new Counter({
    name: 'gwscheck_chat_cleanup_failures_total',
    help: 'What the synthetic-chat probe left behind, by reason: complete_not_confirmed (a chat still open after its Completes), late_chat (a RequestChat a run gave up on opened its chat after it), channel_not_restored (the chat channel it set Ready was not confirmed NotReady again).',
    labelNames: [...TARGET_LABELS, 'reason'] as const,
    registers,
  });
  // Timestamps rather than "runs failed in a row": the alert measures three runs in the probe's own
  // interval, as it does for the other probes.
  const lastRun = new Gauge({
    name: 'gwscheck_chat_probe_last_run_timestamp_seconds',
    help: 'Unix time the last synthetic-chat run started (0 before the first).',
    labelNames: TARGET_LABELS,
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'gwscheck_chat_probe_last_success_timestamp_seconds',
    help: 'Unix time the last successful synthetic-chat run started (0 before the first).',
    labelNames: TARGET_LABELS,
    registers,
  });
  const interval = new Gauge({
    name: 'gwscheck_chat_probe_interval_seconds',
    help: 'Configured time between two synthetic-chat runs.',
    labelNames: TARGET_LABELS,
    registers,
  });

  return {
    /** Creates every series of the target's chat probe at 0, so rate() and increase() work from the first scrape. */
    declare(p: { readonly target: string; readonly intervalSeconds: number }): void {
      const target = p.target;
      for (const outcome of SYNTHETIC_CHAT_OUTCOMES) runs.inc({ target, outcome }, 0);
      delivery.zero({ target });
      for (const direction of CHAT_MESSAGE_DIRECTIONS) message.zero({ target, direction });
      for (const reason of CHAT_CLEANUP_FAILURE_REASONS) cleanupFailures.inc({ target, reason }, 0);
      lastRun.set({ target }, 0);
      lastSuccess.set({ target }, 0);
      interval.set({ target }, p.intervalSeconds);
    },

    record(result: ProbeResult): void {
      const target = result.target;
      runs.inc({ target, outcome: result.outcome });
      lastRun.set({ target }, result.startedAt / 1000);
      if (result.ok) lastSuccess.set({ target }, result.startedAt / 1000);
      if (result.chat === undefined) return;
      if (result.chat.deliveryMs !== null) delivery.observe({ target }, result.chat.deliveryMs / 1000);
      for (const direction of CHAT_MESSAGE_DIRECTIONS) {
        const ms = result.chat.messageMs[direction];
        if (ms !== null) message.observe({ target, direction }, ms / 1000);
      }
      for (const reason of result.chat.cleanupFailures) cleanupFailures.inc({ target, reason });
    },
  };
}

export type ChatMetrics = ReturnType<typeof createChatMetrics>;
