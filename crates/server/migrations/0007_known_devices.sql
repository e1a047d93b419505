-- Devices (browser and system from the User-Agent) and networks (IPv4 /24, IPv6 /48) each
-- account has signed in from, to notice a sign-in from somewhere new (R23).
CREATE TABLE known_devices (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    device      TEXT NOT NULL,
    network     TEXT NOT NULL,
    first_seen  INTEGER NOT NULL,
    PRIMARY KEY (account_id, device, network)
);
