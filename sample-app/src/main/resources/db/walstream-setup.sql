-- What walstream needs in the shop database, run by the tables' owner (or a superuser for the role).
-- The embedded database runs this on start; on a server of your own, adapt the role's password and run it once.
-- The server itself needs wal_level = logical (postgresql.conf, restart), see README.md.

-- The tables whose changes are streamed. product is left out: walstream never sees its changes.
CREATE PUBLICATION shop_pub FOR TABLE orders, order_line, inventory;

-- The role walstream connects as: it may log in and replicate, nothing else. It needs no privilege
-- on the tables: a slot of the publication reads them all, so publish only what it may see.
-- On a server of your own, give it a password: ... WITH LOGIN REPLICATION PASSWORD '...'
CREATE ROLE walstream_cdc WITH LOGIN REPLICATION;
