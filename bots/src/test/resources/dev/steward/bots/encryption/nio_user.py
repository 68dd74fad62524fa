"""A second Matrix user with end-to-end encryption, for integration tests: matrix-nio (Debian's python3-matrix-nio,
on libolm) as an independent E2EE client, driven over stdin and stdout.

    /usr/bin/python3 nio_user.py HOMESERVER USER_ID PASSWORD STORE_DIR

Logs in (a new device), uploads its keys and syncs in the background. Reads one JSON command per line on stdin and
writes JSON lines on stdout: an answer per command ({"event": "<cmd>", ...} or {"event": "error", "cmd": ..., "error":
...}), and whatever it receives, as it arrives:

  {"event": "message", "room_id", "event_id", "sender", "type", "msgtype", "body", "encrypted", "session_id",
   "sender_key", "in_reply_to"}     a room message or reaction, decrypted if it was encrypted
  {"event": "undecryptable", "room_id", "event_id", "sender", "session_id", "sender_key"}
  {"event": "member", "room_id", "user", "membership"}

Commands:
  {"cmd": "create_room", "name": "...", "invite": ["@bot:hs"], "encrypted": true}    -> room_id
  {"cmd": "join", "room_id": "..."}   joins a room it is invited to -> room_id
  {"cmd": "await_member", "room_id": "...", "user": "@bot:hs", "membership": "join"} -> once nio has seen it
  {"cmd": "trust", "user": "@bot:hs"}   queries the user's devices afresh and verifies them all -> devices
  {"cmd": "send", "room_id": "...", "body": "!ping"}   encrypted in an encrypted room -> event_id, session_id
  {"cmd": "send_withheld", "room_id": "...", "body": "..."}   encrypted with a new Megolm session whose key is not
        sent to anyone yet -> event_id, session_id
  {"cmd": "release", "room_id": "..."}  shares the withheld session with the room's devices -> session_id
  {"cmd": "quit"}
Diagnostics go to stderr.
"""
import asyncio
import json
import logging
import sys
import uuid

import olm

from nio import (AsyncClient, AsyncClientConfig, MegolmEvent, RoomMemberEvent, RoomMessage, UnknownEvent)
from nio.api import Api
from nio.crypto import OutboundGroupSession
from nio.responses import RoomSendResponse

MEGOLM = "m.megolm.v1.aes-sha2"


class WithheldSession(OutboundGroupSession):
    """A Megolm session that encrypts before it is shared (nio's own refuses to), and whose shared key is the one
    from index 0: a receiver can then decrypt what was sent with it before the key went out."""

    def __init__(self):
        super().__init__()
        self.first_key = olm.OutboundGroupSession.session_key.fget(self)

    @property
    def session_key(self):
        return self.first_key


def emit(**fields):
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def log(*parts):
    print("nio_user:", *parts, file=sys.stderr, flush=True)


class NioUser:
    def __init__(self, homeserver, user_id, password, store):
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True)
        self.client = AsyncClient(homeserver, user_id, store_path=store, config=config)
        self.password = password
        self.withheld = {}  # room id -> the session sent with but not shared yet

    async def start(self):
        answer = await self.client.login(self.password, device_name="nio-it")
        if not hasattr(answer, "access_token"):
            raise RuntimeError(f"login failed: {answer}")
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        self.client.add_event_callback(self.on_room_event, (RoomMessage, UnknownEvent, MegolmEvent, RoomMemberEvent))
        # One sync before the loop, so "ready" means the rooms are known.
        await self.client.sync(timeout=0, full_state=True)
        self.sync_task = asyncio.ensure_future(self.client.sync_forever(timeout=3000))
        emit(event="ready", user_id=self.client.user_id, device_id=self.client.device_id,
             ed25519=self.client.olm.account.identity_keys["ed25519"],
             curve25519=self.client.olm.account.identity_keys["curve25519"])

    async def on_room_event(self, room, event):
        try:
            if isinstance(event, RoomMemberEvent):
                emit(event="member", room_id=room.room_id, user=event.state_key, membership=event.membership)
                return
            if isinstance(event, MegolmEvent):  # nio could not decrypt it
                emit(event="undecryptable", room_id=room.room_id, event_id=event.event_id, sender=event.sender,
                     session_id=event.session_id, sender_key=event.sender_key)
                return
            source = event.source
            content = source.get("content", {})
            rel = content.get("m.relates_to", {}) if isinstance(content, dict) else {}
            emit(event="message", room_id=room.room_id, event_id=event.event_id, sender=event.sender,
                 type=source.get("type"), msgtype=content.get("msgtype"), body=content.get("body"),
                 key=rel.get("key"), in_reply_to=rel.get("m.in_reply_to", {}).get("event_id"),
                 relates_to=rel.get("event_id"), encrypted=bool(getattr(event, "decrypted", False)),
                 session_id=getattr(event, "session_id", None), sender_key=getattr(event, "sender_key", None))
        except Exception as e:  # a bad event must not end the driver
            log("could not report", event, e)

    async def create_room(self, cmd):
        state = []
        if cmd.get("encrypted", True):
            state.append({"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}})
        answer = await self.client.room_create(name=cmd.get("name"), invite=cmd.get("invite", []),
                                               initial_state=state)
        if not hasattr(answer, "room_id"):
            raise RuntimeError(f"room_create failed: {answer}")
        await self.until(lambda: answer.room_id in self.client.rooms, "the new room in sync")
        return {"room_id": answer.room_id}

    async def join(self, cmd):
        room_id = cmd["room_id"]
        await self.until(lambda: room_id in self.client.invited_rooms or room_id in self.client.rooms,
                         f"the invite to {room_id}")
        answer = await self.client.join(room_id)
        if not hasattr(answer, "room_id"):
            raise RuntimeError(f"join failed: {answer}")
        await self.until(lambda: room_id in self.client.rooms, f"{room_id} joined in sync")
        return {"room_id": room_id}

    async def await_member(self, cmd):
        room_id, user, membership = cmd["room_id"], cmd["user"], cmd.get("membership", "join")

        def seen():
            room = self.client.rooms.get(room_id)
            if room is None:
                return False
            if membership == "join":
                return user in room.users and user not in room.invited_users
            if membership == "invite":
                return user in room.invited_users
            return user not in room.users

        await self.until(seen, f"{user} {membership} in {room_id}", cmd.get("timeout", 30))
        return {"room_id": room_id, "user": user}

    async def trust(self, cmd):
        user = cmd["user"]
        self.client.olm.users_for_key_query.add(user)
        await self.client.keys_query()
        devices = list(self.client.device_store.active_user_devices(user))
        if not devices:
            raise RuntimeError(f"{user} has no devices with keys")
        for device in devices:
            self.client.verify_device(device)
        return {"user": user, "devices": [{"device_id": d.id, "ed25519": d.ed25519, "curve25519": d.curve25519}
                                          for d in devices]}

    async def send(self, cmd):
        content = {"msgtype": cmd.get("msgtype", "m.text"), "body": cmd["body"]}
        answer = await self.client.room_send(cmd["room_id"], "m.room.message", content,
                                             ignore_unverified_devices=True)
        if not isinstance(answer, RoomSendResponse):
            raise RuntimeError(f"room_send failed: {answer}")
        session = self.client.olm.outbound_group_sessions.get(cmd["room_id"])
        return {"event_id": answer.event_id, "session_id": session.id if session else None}

    async def send_withheld(self, cmd):
        room_id = cmd["room_id"]
        session = self.withheld.get(room_id) or WithheldSession()
        self.withheld[room_id] = session
        plain = {"type": "m.room.message", "room_id": room_id,
                 "content": {"msgtype": cmd.get("msgtype", "m.text"), "body": cmd["body"]}}
        ciphertext = olm.OutboundGroupSession.encrypt(session, json.dumps(plain))
        payload = {"algorithm": MEGOLM, "sender_key": self.client.olm.account.identity_keys["curve25519"],
                   "ciphertext": ciphertext, "session_id": session.id, "device_id": self.client.device_id}
        method, path, data = Api.room_send(self.client.access_token, room_id, "m.room.encrypted", payload,
                                           uuid.uuid4())
        answer = await self.client._send(RoomSendResponse, method, path, data, (room_id,))
        if not isinstance(answer, RoomSendResponse):
            raise RuntimeError(f"sending the withheld event failed: {answer}")
        return {"event_id": answer.event_id, "session_id": session.id}

    async def release(self, cmd):
        room_id = cmd["room_id"]
        session = self.withheld.pop(room_id)
        olm = self.client.olm
        olm.outbound_group_sessions[room_id] = session
        keys = olm.account.identity_keys
        olm.create_group_session(keys["curve25519"], keys["ed25519"], room_id, session.id, session.session_key)
        answer = await self.client.share_group_session(room_id, ignore_unverified_devices=True)
        if not hasattr(answer, "users_shared_with"):
            raise RuntimeError(f"sharing the withheld session failed: {answer}")
        return {"session_id": session.id, "shared_with": sorted(u for u, _ in answer.users_shared_with)}

    async def until(self, condition, what, timeout=30):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            if loop.time() > deadline:
                raise RuntimeError(f"timed out after {timeout}s waiting for {what}")
            await asyncio.sleep(0.05)

    async def run(self):
        await self.start()
        loop = asyncio.get_running_loop()
        commands = {"create_room": self.create_room, "join": self.join, "await_member": self.await_member,
                    "trust": self.trust, "send": self.send, "send_withheld": self.send_withheld,
                    "release": self.release}
        try:
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line:
                    break
                line = line.strip()
                if not line:
                    continue
                cmd = json.loads(line)
                name = cmd.get("cmd")
                if name == "quit":
                    break
                try:
                    if name not in commands:
                        raise RuntimeError(f"unknown command {name}")
                    emit(event=name, **(await commands[name](cmd)))
                except Exception as e:
                    log(f"{name} failed:", repr(e))
                    emit(event="error", cmd=name, error=repr(e))
        finally:
            self.sync_task.cancel()
            await self.client.close()


def main():
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    homeserver, user_id, password, store = sys.argv[1:]
    try:
        asyncio.run(NioUser(homeserver, user_id, password, store).run())
    except Exception as e:
        log("failed:", repr(e))
        emit(event="error", cmd="start", error=repr(e))
        sys.exit(1)


if __name__ == "__main__":
    main()
