import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createChatMetrics } from './chat-metrics.ts';
import { CHAT_CLEANUP_FAILURE_REASONS, CHAT_MESSAGE_DIRECTIONS, SYNTHETIC_CHAT_OUTCOMES, type ProbeResult } from './types.ts';

const seriesOf = async (registry: Registry, name: string): Promise<string[]> =>
  (await registry.metrics()).split('\n').filter((line) => line.startsWith(`${name}{`));

function result(fields: Partial<ProbeResult>): ProbeResult {
  return {
    target: 'gws-a',
    probe: 'post-chats',
    kind: 'synthetic-chat',
    ok: true,
    outcome: 'success',
    statusCode: 0,
    responded: true,
    durationMs: 12,
    violations: [],
    startedAt: 1_700_000_000_000,
    ...fields,
  };
}

describe('the synthetic-chat metrics', () => {
  it('declares every outcome, direction and reason at 0, labelled by target only beside them', async () => {
    const registry = new Registry();
    createChatMetrics(registry).declare({ target: 'gws-a', intervalSeconds: 60 });
    expect(await seriesOf(registry, 'gwscheck_chat_probe_runs_total')).toHaveLength(SYNTHETIC_CHAT_OUTCOMES.length);
    expect(await seriesOf(registry, 'gwscheck_chat_message_seconds_count')).toEqual(CHAT_MESSAGE_DIRECTIONS.map((d) => `gwscheck_chat_message_seconds_count{target="gws-a",direction="${d}"} 0`));
    expect(await seriesOf(registry, 'gwscheck_chat_cleanup_failures_total')).toEqual(CHAT_CLEANUP_FAILURE_REASONS.map((r) => `gwscheck_chat_cleanup_failures_total{target="gws-a",reason="${r}"} 0`));
    expect(await seriesOf(registry, 'gwscheck_chat_probe_interval_seconds')).toEqual(['gwscheck_chat_probe_interval_seconds{target="gws-a"} 60']);
  });

  it('records a run: its outcome, the delivery and each message seen, what it left behind', async () => {
    const registry = new Registry();
    const metrics = createChatMetrics(registry);
    metrics.declare({ target: 'gws-a', intervalSeconds: 60 });
    metrics.record(result({ chat: { deliveryMs: 120, messageMs: { agent_to_customer: 300, customer_to_agent: null }, cleanedUp: false, cleanupFailures: ['complete_not_confirmed', 'late_chat'] } }));
    const text = await registry.metrics();
    expect(text).toContain('gwscheck_chat_probe_runs_total{target="gws-a",outcome="success"} 1');
    expect(text).toContain('gwscheck_chat_delivery_seconds_sum{target="gws-a"} 0.12');
    expect(text).toContain('gwscheck_chat_message_seconds_count{target="gws-a",direction="agent_to_customer"} 1');
    expect(text).toContain('gwscheck_chat_message_seconds_count{target="gws-a",direction="customer_to_agent"} 0');
    expect(text).toContain('gwscheck_chat_cleanup_failures_total{target="gws-a",reason="late_chat"} 1');
    expect(text).toContain('gwscheck_chat_cleanup_failures_total{target="gws-a",reason="channel_not_restored"} 0');
    expect(text).toContain('gwscheck_chat_probe_last_success_timestamp_seconds{target="gws-a"} 1700000000');

    metrics.record(result({ ok: false, outcome: 'delivery_timeout', startedAt: 1_700_000_060_000 }));
    const after = await registry.metrics();
    expect(after).toContain('gwscheck_chat_probe_runs_total{target="gws-a",outcome="delivery_timeout"} 1');
    expect(after).toContain('gwscheck_chat_probe_last_run_timestamp_seconds{target="gws-a"} 1700000060');
    expect(after).toContain('gwscheck_chat_probe_last_success_timestamp_seconds{target="gws-a"} 1700000000');
  });
});
