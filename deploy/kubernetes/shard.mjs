#!/usr/bin/env node
// `node deploy/kubernetes/shard.mjs probe [flags]`: runs `gwscheck probe [flags] --shard INDEX/COUNT`
// with INDEX the ordinal of this StatefulSet pod (the number at the end of POD_NAME, set from the
// downward API) and COUNT from SHARD_COUNT (the StatefulSet's replicas). No shell is involved and
// the prober runs in this same node process, so SIGTERM reaches it directly.
const podName = process.env.POD_NAME ?? '';
const countText = process.env.SHARD_COUNT ?? '';

function usage(message) {
  process.stderr.write(`gwscheck shard: ${message}\n`);
  process.exit(2);
}

const ordinal = /-(\d+)$/.exec(podName);
if (ordinal === null) usage(`POD_NAME "${podName}" does not end in a StatefulSet ordinal (expected e.g. gwscheck-prober-0, from the downward API's metadata.name)`);
if (!/^[1-9]\d*$/.test(countText)) usage(`SHARD_COUNT "${countText}" is not a positive integer (expected the StatefulSet's replicas, e.g. 3)`);
const index = Number(ordinal[1]);
const count = Number(countText);
if (index >= count) usage(`pod ordinal ${index} of ${podName} is not below SHARD_COUNT ${count} (set SHARD_COUNT to the StatefulSet's replicas)`);
if (process.argv.slice(2).includes('--shard')) usage('--shard is set from POD_NAME and SHARD_COUNT; do not pass it as well');

process.argv.push('--shard', `${index}/${count}`);
await import(new URL('../../bin/gwscheck.js', import.meta.url).href);
