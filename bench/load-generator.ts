/**
 * One autocannon run in a process of its own (see `measure` in run.ts): the options as JSON in argv[2],
 * the figures as JSON on stdout. The load generator does not share an event loop and a heap with the
 * benchmark's own work: run in the bench process, a 400 KB list page's p99 swung from 330 ms to 1.3 s
 * between identical runs, while the server's own request times stayed under 400 ms.
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
