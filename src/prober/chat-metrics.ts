import type { Registry } from 'prom-client';
import { createFailureCounter, runExemplar } from './failure-counter.ts';
import { createRunSeries } from './run-series.ts';
import { HistogramFamily } from './series.ts';
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
  const series = createRunSeries(registry, { medium: 'chat', outcomes: SYNTHETIC_CHAT_OUTCOMES, cleanupReasons: CHAT_CLEANUP_FAILURE_REASONS, cleanupHelp: 'What the synthetic-chat probe left behind, by reason: complete_not_confirmed (a chat still open after its Completes), late_chat (a RequestChat a run gave up on opened its chat after it), channel_not_restored (the chat channel it set Ready was not confirmed NotReady again).' });
  const failures = createFailureCounter(registry);
  const delivery = new HistogramFamily({
    name: 'gwscheck_chat_delivery_seconds',
    help: 'Time from the customer\'s RequestChat until the chat was offered to the test agent.',
    labelNames: TARGET_LABELS,
    buckets: [...CHAT_DELIVERY_BUCKETS],
    registers,
  });
  const message = new HistogramFamily({
    name: 'gwscheck_chat_message_seconds',
    help: 'Time from sending a chat message until the other side\'s transcript showed it, by direction (agent_to_customer, customer_to_agent).',
    labelNames: [...TARGET_LABELS, 'direction'] as const,
    buckets: [...CHAT_MESSAGE_BUCKETS],
    registers,
  });

  return {
    /** Creates every series of the target's chat probe at 0, so rate() and increase() work from the first scrape. */
    declare(p: { readonly target: string; readonly intervalSeconds: number }): void {
      const target = p.target;
      series.declare(target, p.intervalSeconds);
      delivery.zero({ target });
      for (const direction of CHAT_MESSAGE_DIRECTIONS) message.zero({ target, direction });
    },

    record(result: ProbeResult): void {
      const target = result.target;
      series.record(result, result.chat?.cleanupFailures ?? []);
      failures.record(result);
      if (result.chat === undefined) return;
      const exemplar = runExemplar(result);
      if (result.chat.deliveryMs !== null) delivery.observe({ target }, result.chat.deliveryMs / 1000, exemplar);
      for (const direction of CHAT_MESSAGE_DIRECTIONS) {
        const ms = result.chat.messageMs[direction];
        if (ms !== null) message.observe({ target, direction }, ms / 1000, exemplar);
      }
    },
  };
}

export type ChatMetrics = ReturnType<typeof createChatMetrics>;
