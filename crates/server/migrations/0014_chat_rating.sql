-- The visitor's rating of a chat (R14): 1–5 with an optional comment, once the chat has ended;
-- a later rating replaces the earlier one.
ALTER TABLE conversations ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE conversations ADD COLUMN rating_comment TEXT;
ALTER TABLE conversations ADD COLUMN rated_at INTEGER;
