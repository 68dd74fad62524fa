"""The libolm side of Steward's Olm and Megolm interop tests.

Speaks line-delimited JSON on stdin/stdout: each request is {"op": ..., ...} and gets one answer,
{"ok": true, ...} or {"ok": false, "error": "..."}. Objects (accounts, sessions) live in a table under
names the Java side chooses. Needs Debian's python3-olm (the `olm` module over libolm).
"""
import json
import sys

import olm

objects = {}


def message(kind, body):
    return olm.OlmPreKeyMessage(body) if kind == 0 else olm.OlmMessage(body)


def handle(req):
    op = req["op"]
    if op == "account":
        account = olm.Account()
        objects[req["name"]] = account
        return {"curve25519": account.identity_keys["curve25519"], "ed25519": account.identity_keys["ed25519"]}
    if op == "one_time_keys":
        account = objects[req["account"]]
        account.generate_one_time_keys(req["count"])
        keys = account.one_time_keys["curve25519"]
        account.mark_keys_as_published()
        return {"keys": keys}
    if op == "fallback_key":
        account = objects[req["account"]]
        account.generate_fallback_key()
        keys = account.fallback_key["curve25519"]
        account.mark_keys_as_published()
        return {"keys": keys}
    if op == "sign":
        return {"signature": objects[req["account"]].sign(req["message"])}
    if op == "verify":
        olm.ed25519_verify(req["key"], req["message"], req["signature"])
        return {}
    if op == "outbound_session":
        session = olm.OutboundSession(objects[req["account"]], req["identity_key"], req["one_time_key"])
        objects[req["name"]] = session
        return {"session_id": session.id}
    if op == "inbound_session":
        account = objects[req["account"]]
        pre_key = olm.OlmPreKeyMessage(req["body"])
        session = olm.InboundSession(account, pre_key, req["identity_key"])
        account.remove_one_time_keys(session)
        objects[req["name"]] = session
        return {"session_id": session.id, "plaintext": session.decrypt(pre_key)}
    if op == "encrypt":
        encrypted = objects[req["session"]].encrypt(req["plaintext"])
        return {"type": encrypted.message_type, "body": encrypted.ciphertext}
    if op == "decrypt":
        return {"plaintext": objects[req["session"]].decrypt(message(req["type"], req["body"]))}
    if op == "group_outbound":
        session = olm.OutboundGroupSession()
        objects[req["name"]] = session
        return {"session_id": session.id, "session_key": session.session_key}
    if op == "group_encrypt":
        session = objects[req["session"]]
        return {"ciphertext": session.encrypt(req["plaintext"]), "next_index": session.message_index}
    if op == "group_inbound":
        session = olm.InboundGroupSession(req["session_key"])
        objects[req["name"]] = session
        return {"session_id": session.id, "first_known_index": session.first_known_index}
    if op == "group_import":
        session = olm.InboundGroupSession.import_session(req["exported"])
        objects[req["name"]] = session
        return {"session_id": session.id, "first_known_index": session.first_known_index}
    if op == "group_export":
        return {"exported": objects[req["session"]].export_session(req["index"])}
    if op == "group_decrypt":
        plaintext, index = objects[req["session"]].decrypt(req["ciphertext"])
        return {"plaintext": plaintext, "index": index}
    raise ValueError("unknown op " + op)


for line in sys.stdin:
    if not line.strip():
        continue
    try:
        answer = handle(json.loads(line))
        answer["ok"] = True
    except Exception as error:  # every failure goes back to the Java side, which asserts on it
        answer = {"ok": False, "error": type(error).__name__ + ": " + str(error)}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
