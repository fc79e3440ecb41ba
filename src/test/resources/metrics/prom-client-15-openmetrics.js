// How src/test/resources/metrics/prom-client-15-openmetrics.txt was made: prom-client 15.1.3 on Node v20.20.2,
// `npm install prom-client@15.1.3 && node prom-client-15-openmetrics.js > prom-client-15-openmetrics.txt`.
// The Content-Type it reports (stderr) is what the test server sends.
// Generates the OpenMetrics /metrics body a prom-client 15 app serves with exemplars (the audited app's shape).
const client = require('prom-client');
const registry = new client.Registry();
registry.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
client.collectDefaultMetrics({ register: registry, prefix: 'app_' });
const requests = new client.Counter({
  name: 'http_requests_total', help: 'Total HTTP requests', labelNames: ['method', 'route', 'status_code'],
  registers: [registry], enableExemplars: true,
});
const duration = new client.Histogram({
  name: 'http_request_duration_seconds', help: 'HTTP request duration in seconds',
  labelNames: ['method', 'route', 'status_code'], buckets: [0.005, 0.05, 0.1, 0.5, 1, 5],
  registers: [registry], enableExemplars: true,
});
const sockets = new client.Gauge({ name: 'socketio_connected_clients', help: 'Connected Socket.io clients', registers: [registry] });
const llm = new client.Summary({ name: 'llm_response_seconds', help: 'LLM response time', percentiles: [0.5, 0.9, 0.99], registers: [registry] });
requests.inc({ labels: { method: 'GET', route: '/health', status_code: '200' }, value: 1, exemplarLabels: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } });
requests.inc({ labels: { method: 'POST', route: '/api/auth/login', status_code: '401' }, value: 1, exemplarLabels: { traceId: '00f067aa0ba902b7' } });
duration.observe({ labels: { method: 'GET', route: '/health', status_code: '200' }, value: 0.012, exemplarLabels: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } });
duration.observe({ labels: { method: 'POST', route: '/api/auth/login', status_code: '401' }, value: 0.31, exemplarLabels: { traceId: '00f067aa0ba902b7' } });
sockets.set(3);
llm.observe(1.8); llm.observe(2.4);
setTimeout(async () => {
  process.stdout.write(await registry.metrics());
  process.stderr.write(registry.contentType + '\n');
}, 200);
