'use strict';
// The hand-written Node baseline for the cold bench (ColdBench, kind `node`): no SDK, Node's own http module.
// It does what the Java baseline (HandWrittenBot) does: one long-poll /sync at a time with the `since` token, the
// first batch skipped as history, then each batch's rooms answered by 4 workers (rooms in parallel, each room's
// replies in order, so at most 4 sends in flight), and the next /sync once the batch's replies are sent.
// Each `COMMAND N` gets one m.notice "pong N" replying to it. No store, no dedupe, no retries: a failed request
// ends the process with a non-zero exit code.
//
// Usage: node baseline.js HOMESERVER_URL [COMMAND=!echo]

const http = require('http');

const WORKERS = 4;
const base = new URL(process.argv[2]);
const command = process.argv[3] || '!echo';
const agent = new http.Agent({ keepAlive: true });
let txn = 0;

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: 'Bearer bench' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode < 200 || res.statusCode >= 300) {
          reject(new Error(method + ' ' + path + ' failed: ' + res.statusCode + ' ' + text));
        } else {
          resolve(text);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function reply(roomId, eventId, text) {
  const content = {
    msgtype: 'm.notice',
    body: text,
    'm.relates_to': { 'm.in_reply_to': { event_id: eventId } },
  };
  const path = '/_matrix/client/v3/rooms/' + encodeURIComponent(roomId) + '/send/m.room.message/h' + (++txn);
  return request('PUT', path, JSON.stringify(content));
}

async function handleRoom(roomId, room) {
  const events = (room.timeline && room.timeline.events) || [];
  for (const e of events) {
    const body = e.content && typeof e.content.body === 'string' ? e.content.body : '';
    if (e.type === 'm.room.message' && body.startsWith(command)) {
      await reply(roomId, e.event_id, 'pong ' + body.substring(command.length).trim());
    }
  }
}

async function handle(batch) {
  const rooms = Object.entries((batch.rooms && batch.rooms.join) || {});
  let next = 0;
  const worker = async () => {
    while (next < rooms.length) {
      const [roomId, room] = rooms[next++];
      await handleRoom(roomId, room);
    }
  };
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    workers.push(worker());
  }
  await Promise.all(workers);
}

async function main() {
  let since = null;
  for (;;) {
    const path = '/_matrix/client/v3/sync?timeout=1000' + (since === null ? '' : '&since=' + encodeURIComponent(since));
    const batch = JSON.parse(await request('GET', path));
    if (since !== null) { // the first batch is history from before the bot started
      await handle(batch);
    }
    since = batch.next_batch;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
