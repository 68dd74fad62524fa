-- The end-to-end encryption state of each bot account's device (Olm account and sessions, Megolm sessions, tracked
-- devices, cross-signing keys, events waiting for a room key): JdbcCryptoStore's records. Kinds and keys are public
-- (room ids, public keys, session ids) and stay readable so that records can be found and scanned; every value is
-- sealed with AES-256-GCM under a key derived from encryption.store_key, except the key derivation's own parameters
-- (kind '_store', key 'kdf'), which are needed to derive it.
CREATE TABLE steward_crypto (
  account_key  VARCHAR(255)     NOT NULL,
  kind         VARCHAR(64)      NOT NULL,
  record_key   VARCHAR(1024)    NOT NULL,
  record_value VARCHAR(1000000) NOT NULL,
  updated_at   TIMESTAMP        NOT NULL,
  CONSTRAINT steward_crypto_pk PRIMARY KEY (account_key, kind, record_key)
);
