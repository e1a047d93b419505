//! What the chat keeps (issue 6): conversations and their numbered messages. The trait is part
//! of [`super::Store`]; SQLite implements it in `chat_sqlite.rs`.

use async_trait::async_trait;
use kefu_api::{ChatAuthor, ChatMessage, ChatStatus};

/// A conversation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationRow {
    pub id: String,
    pub site_id: String,
    pub visitor_hash: String,
    /// The host site's id of a verified user.
    pub user_id: Option<String>,
    pub status: ChatStatus,
    pub visitor_name: Option<String>,
    pub visitor_email: Option<String>,
    pub locale: String,
    pub page: Option<String>,
    pub assignee_id: Option<String>,
    /// The assignee's display name and avatar address, as visitors see them.
    pub assignee_name: Option<String>,
    pub assignee_avatar: Option<String>,
    pub last_seq: u64,
    pub visitor_read_seq: u64,
    pub agent_read_seq: u64,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_reply_at: Option<i64>,
    pub closed_at: Option<i64>,
}

/// A new conversation's facts.
#[derive(Debug, Clone)]
pub struct NewConversation {
    pub id: String,
    pub site_id: String,
    pub visitor_hash: String,
    pub user_id: Option<String>,
    pub visitor_name: Option<String>,
    pub visitor_email: Option<String>,
    pub locale: String,
    pub page: Option<String>,
    pub at: i64,
}

/// A message to store; the store gives it its `seq`.
#[derive(Debug, Clone)]
pub struct NewChatMessage {
    pub conversation_id: String,
    pub client_id: String,
    pub author: ChatAuthor,
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub agent_avatar: Option<String>,
    pub body: String,
    /// An image stored before with [`ChatStore::put_chat_file`].
    pub file_id: Option<String>,
    pub at: i64,
}

/// What became of a message handed to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Appended {
    /// Stored now, with its `seq`.
    Stored(ChatMessage),
    /// A message with this id was stored before: here it is, as it was.
    Duplicate(ChatMessage),
    /// The conversation is closed (or gone): nothing stored.
    Closed,
}

/// Called on the chat writer's thread with a queued message's outcome, once its transaction
/// committed (or failed); it must not block.
pub type Done = Box<dyn FnOnce(anyhow::Result<Appended>) + Send>;

/// A member of a site's team.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteAgentRow {
    pub id: String,
    pub email: String,
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
}

/// Another canned response of the site has this shortcut.
#[derive(Debug, thiserror::Error)]
#[error("another canned response has this shortcut")]
pub struct CannedTaken;

/// Which conversations an agent lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxFilter {
    Unassigned,
    Mine,
    All,
}

#[async_trait]
pub trait ChatStore: Send + Sync {
    /// The visitor's open conversation, made now if they have none (`true` then). Concurrent
    /// calls for one visitor all get the same conversation.
    async fn start_conversation(
        &self,
        new: &NewConversation,
    ) -> anyhow::Result<(ConversationRow, bool)>;
    async fn conversation(&self, id: &str) -> anyhow::Result<Option<ConversationRow>>;
    /// The visitor's open conversation, else their newest closed one.
    async fn current_conversation(
        &self,
        site: &str,
        visitor_hash: &str,
    ) -> anyhow::Result<Option<ConversationRow>>;
    /// Stores a batch of messages in one transaction (one fsync), in order.
    async fn append_chat_messages(&self, batch: &[NewChatMessage])
        -> anyhow::Result<Vec<Appended>>;
    /// Queues one message for the next transaction (group commit, with whatever else waits;
    /// waits while the queue is full); `done` gets its outcome once it committed or failed.
    async fn queue_chat_message(&self, message: NewChatMessage, done: Done) -> anyhow::Result<()>;
    /// Messages with `seq > after`, oldest first, at most `limit`.
    async fn chat_messages_after(
        &self,
        conversation: &str,
        after: u64,
        limit: u64,
    ) -> anyhow::Result<Vec<ChatMessage>>;
    /// Raises the visitor's or the team's read mark (never lowers it); the mark now.
    async fn mark_chat_read(
        &self,
        conversation: &str,
        author: ChatAuthor,
        seq: u64,
    ) -> anyhow::Result<u64>;
    /// Sets (or clears) who handles an open conversation; `None` when it is not open.
    async fn assign_conversation(
        &self,
        conversation: &str,
        assignee: Option<&str>,
        at: i64,
    ) -> anyhow::Result<Option<ConversationRow>>;
    /// Closes a conversation; `None` when it was not open.
    async fn close_conversation(
        &self,
        conversation: &str,
        at: i64,
    ) -> anyhow::Result<Option<ConversationRow>>;
    /// How visitors see an agent: display name and avatar address.
    async fn agent_profile(
        &self,
        account: &str,
    ) -> anyhow::Result<(Option<String>, Option<String>)>;
    /// Records the visitor's rating of a conversation; `true` when it is the first.
    async fn rate_conversation(
        &self,
        conversation: &str,
        score: u8,
        comment: Option<&str>,
        at: i64,
    ) -> anyhow::Result<bool>;

    /// The conversations of `site` started since `since`, for the chat report.
    async fn chat_report_rows(
        &self,
        site: &str,
        since: i64,
    ) -> anyhow::Result<Vec<crate::chat::report::ReportRow>>;

    /// Blocks (or, with `by` = `None`, unblocks) a visitor from chatting on `site`.
    async fn set_chat_block(
        &self,
        site: &str,
        visitor_hash: &str,
        by: Option<&str>,
        at: i64,
    ) -> anyhow::Result<()>;

    async fn chat_blocked(&self, site: &str, visitor_hash: &str) -> anyhow::Result<bool>;

    /// Sets how visitors see an agent in chat (`None`: "Support team").
    async fn set_display_name(&self, account: &str, name: Option<&str>) -> anyhow::Result<()>;
    /// Replaces a key of the server's key table (e.g. a site's identity secret, rotated).
    async fn replace_server_key(&self, name: &str, value: &[u8]) -> anyhow::Result<()>;
    /// Stores an image of a conversation under `id`.
    async fn put_chat_file(
        &self,
        id: &str,
        site: &str,
        conversation: &str,
        content_type: &str,
        bytes: &[u8],
        at: i64,
    ) -> anyhow::Result<()>;
    /// Removes an image no message refers to (a retry's second copy).
    async fn delete_chat_file(&self, id: &str) -> anyhow::Result<()>;
    /// An image by its id: (content type, bytes).
    async fn chat_file(&self, id: &str) -> anyhow::Result<Option<(String, Vec<u8>)>>;
    /// Replaces an agent's avatar; returns its new address.
    async fn set_avatar(
        &self,
        account: &str,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        at: i64,
    ) -> anyhow::Result<String>;
    /// Removes an agent's avatar.
    async fn clear_avatar(&self, account: &str) -> anyhow::Result<()>;
    async fn avatar(&self, id: &str) -> anyhow::Result<Option<(String, Vec<u8>)>>;
    /// The members of a site: (account id, e-mail, display name, avatar address).
    async fn site_agents(&self, site: &str) -> anyhow::Result<Vec<SiteAgentRow>>;
    /// A site's canned responses, by shortcut.
    async fn canned_responses(&self, site: &str) -> anyhow::Result<Vec<kefu_api::CannedResponse>>;
    /// Adds (`id` = `None`) or replaces a canned response; `Ok(None)`: no such id on the site.
    /// Err of [`CannedTaken`] when another one has the shortcut.
    async fn put_canned(
        &self,
        site: &str,
        id: Option<i64>,
        input: &kefu_api::CannedInput,
        by: &str,
        at: i64,
    ) -> anyhow::Result<Option<kefu_api::CannedResponse>>;
    /// `true` when it was there.
    async fn delete_canned(&self, site: &str, id: i64) -> anyhow::Result<bool>;
    /// A visitor's other conversations on the site, newest first.
    async fn past_chats(
        &self,
        site: &str,
        visitor_hash: &str,
        except: &str,
        limit: u64,
    ) -> anyhow::Result<Vec<kefu_api::PastChat>>;
    /// A site's conversations for the inbox, newest activity first (open ones, and closed
    /// ones of the last day for `All`).
    async fn inbox(
        &self,
        site: &str,
        filter: InboxFilter,
        account: &str,
        limit: u64,
    ) -> anyhow::Result<Vec<ConversationRow>>;
}
