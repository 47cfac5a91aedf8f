/**
 * One autocannon run in a process of its own (see `measureUnderLoad` in measure.ts): the options as JSON
 * in argv[2], the figures as JSON on stdout. Its own process gives the load generator a small heap and
 * an event loop of its own, so that pauses of the bench's process (collecting its large heap) do not
 * delay the generator's timers and show up as the service's latency.
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}') as autocannon.Options;
const result = await autocannon(options);
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  }),
);
