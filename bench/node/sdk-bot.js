'use strict';
// The matrix-bot-sdk contender for the cold bench (ColdBench, kind `node`): the SDK's client as its README sets it
// up (a MatrixClient with a file storage for the sync token, client.on("room.message"), client.start()), answering
// each `COMMAND N` with the same m.notice "pong N" replying to it as the hand-written bots. No encryption (no crypto
// store is given, so the SDK's crypto code is never called). A failed send ends the process with a non-zero exit
// code rather than dropping the reply.
//
// Usage: node sdk-bot.js HOMESERVER_URL [COMMAND=!echo]   (the storage file is bot.json in the working directory)

const { MatrixClient, SimpleFsStorageProvider } = require('matrix-bot-sdk');

const url = process.argv[2].replace(/\/$/, '');
const command = process.argv[3] || '!echo';
const client = new MatrixClient(url, 'bench', new SimpleFsStorageProvider('bot.json'));

client.on('room.message', async (roomId, event) => {
  const body = event.content && typeof event.content.body === 'string' ? event.content.body : '';
  if (!body.startsWith(command)) {
    return;
  }
  try {
    await client.sendMessage(roomId, {
      msgtype: 'm.notice',
      body: 'pong ' + body.substring(command.length).trim(),
      'm.relates_to': { 'm.in_reply_to': { event_id: event.event_id } },
    });
  } catch (e) {
    console.error('reply to ' + event.event_id + ' failed:', e.statusCode || '', e.body || e);
    process.exit(1);
  }
});

client.start().catch((e) => {
  console.error('start failed:', e.statusCode || '', e.body || e);
  process.exit(1);
});
