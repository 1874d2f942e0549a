// The baseline for GET /ScheduledTasks: a bare node:http server that returns
// a fixed body with fixed headers on every request. Run as
//   node bare-server.mjs BODY_FILE HEADERS_JSON
// It listens on a free 127.0.0.1 port and prints that port on stdout.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [bodyFile, headersJson] = process.argv.slice(2);
if (bodyFile === undefined || headersJson === undefined) {
  console.error('Usage: node bare-server.mjs BODY_FILE HEADERS_JSON');
  process.exit(2);
}
const body = readFileSync(bodyFile);
const headers = JSON.parse(headersJson);

const server = http.createServer((request, response) => {
  request.resume();
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
