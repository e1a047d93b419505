//! Live chat (issue 6): the versioned WebSocket frames between visitors, agents and the server,
//! and the REST shapes of the same data (resynchronisation and the HTTP fallback).
//!
//! Every message carries a client-made `id` (a retry with the same id is not stored twice) and
//! a server `seq`, counted per conversation from 1. A client that reconnects says the last
//! `seq` it saw and gets everything after it, in order, exactly once; further back than
//! [`CHAT_RESUME_WINDOW`] messages it gets [`ServerFrame::Resync`] and reads over REST.

use serde::{Deserialize, Serialize};

/// The protocol version spoken in `hello` and `welcome`.
pub const CHAT_VERSION: u32 = 1;
/// Longest chat message, in characters.
pub const MAX_CHAT_CHARS: usize = 4000;
/// A frame (or message) larger than this closes the connection with 1009.
pub const MAX_CHAT_FRAME_BYTES: usize = 64 * 1024;
/// Missed messages replayed on reconnect at most; more means a REST resynchronisation.
pub const CHAT_RESUME_WINDOW: u64 = 500;
/// Messages in one REST page.
pub const CHAT_PAGE: u64 = 200;
/// Largest image sent in a chat (PNG, JPEG, GIF or WebP, typed from its bytes).
pub const MAX_CHAT_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// Largest agent avatar.
pub const MAX_AVATAR_BYTES: usize = 256 * 1024;
/// Longest canned-response shortcut, in characters (its body is as long as a message).
pub const MAX_SHORTCUT_CHARS: usize = 32;

/// Who wrote a chat message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatAuthor {
    Visitor,
    Agent,
    /// Kefu itself (e.g. "no one has answered yet: these articles may help").
    System,
}

impl ChatAuthor {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatAuthor::Visitor => "visitor",
            ChatAuthor::Agent => "agent",
            ChatAuthor::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<ChatAuthor> {
        Some(match s {
            "visitor" => ChatAuthor::Visitor,
            "agent" => ChatAuthor::Agent,
            "system" => ChatAuthor::System,
            _ => return None,
        })
    }
}

/// An agent as visitors see them: a display name, never an e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentCard {
    /// The agent's display name; `None`: the widget says "Support team".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A path on the API's origin (`/api/v1/avatars/{id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

/// One stored chat message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub conversation: String,
    /// 1, 2, 3, … within the conversation.
    pub seq: u64,
    /// The id its sender gave it.
    pub id: String,
    pub author: ChatAuthor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentCard>,
    /// Empty for an image sent alone.
    pub text: String,
    /// The image sent with it: a path on the API's origin
    /// (`/api/v1/chat/files/{id}`, the id being 128 random bits: knowing it is the
    /// right to read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Milliseconds since the epoch, when the server stored it.
    pub at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatStatus {
    Open,
    Closed,
}

impl ChatStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatStatus::Open => "open",
            ChatStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ChatStatus> {
        match s {
            "open" => Some(ChatStatus::Open),
            "closed" => Some(ChatStatus::Closed),
            _ => None,
        }
    }
}

/// A conversation as its visitor sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub status: ChatStatus,
    pub created_at: i64,
    /// The newest message's `seq` (0: none yet).
    pub last_seq: u64,
    /// Whether the host page's identity claim was verified.
    #[serde(default)]
    pub verified: bool,
    /// The agent who took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentCard>,
    /// The last `seq` the visitor and the team have read.
    pub visitor_read_seq: u64,
    pub agent_read_seq: u64,
}

/// `POST /api/v1/sites/{site}/chat`: start (or get) the visitor's open conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartChat {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub locale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// `GET /api/v1/sites/{site}/chat?after=N[&wait=S]`: the visitor's open conversation and the
/// messages after `N` (at most [`CHAT_PAGE`]; `more` says there are others).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatState {
    pub conversation: Option<Conversation>,
    pub messages: Vec<ChatMessage>,
    pub more: bool,
    pub agents_online: u32,
    /// The promised first-reply time, in seconds (R3).
    pub promise_secs: u32,
    /// Whether the chat channel is within its opening hours now.
    #[serde(default = "yes")]
    pub open_now: bool,
    /// What the site asks before a chat starts.
    #[serde(default)]
    pub ask_name: bool,
    #[serde(default)]
    pub ask_email: bool,
    /// A message left instead (a feedback ticket) is answered within this many working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_working_days: Option<u32>,
}

fn yes() -> bool {
    true
}

/// `POST …/chat/messages` (HTTP fallback) and the agent's REST send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatSend {
    pub id: String,
    pub text: String,
}

/// The server has stored message `id` as `seq` (`duplicate`: it had already).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatAck {
    #[serde(default)]
    pub conversation: String,
    pub id: String,
    pub seq: u64,
    pub at: i64,
    /// The image it carries, as in [`ChatMessage::image`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default)]
    pub duplicate: bool,
}

/// A conversation in the agents' inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: String,
    pub site: String,
    pub status: ChatStatus,
    pub created_at: i64,
    pub updated_at: i64,
    /// The agent's account id, once claimed or assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_email: Option<String>,
    /// The host site's id of this user, when their identity was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub locale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    pub last_seq: u64,
    pub agent_read_seq: u64,
    /// When the team first answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reply_at: Option<i64>,
    /// The visitor is blocked from chatting on the site (told in answers to a `PATCH`).
    #[serde(default)]
    pub blocked: bool,
}

/// A member of a site's team, as the console lists them to assign a conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteAgent {
    pub id: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Connected to the console and not away.
    pub online: bool,
}

/// A reply the team writes once and inserts with `/shortcut`; `{name}` in its body becomes the
/// visitor's name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CannedResponse {
    pub id: i64,
    pub shortcut: String,
    pub body: String,
    pub updated_at: i64,
}

/// `POST` and `PUT …/canned[/{id}]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CannedInput {
    pub shortcut: String,
    pub body: String,
}

/// An earlier conversation of the same visitor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastChat {
    pub id: String,
    pub status: ChatStatus,
    pub created_at: i64,
    pub messages: u64,
    /// The visitor's first message, cut to 140 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
}

/// A feedback ticket of the same visitor (their token, or the e-mail they gave).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastTicket {
    pub reference: String,
    pub subject: String,
    pub status: String,
    pub created_at: i64,
}

/// `GET /api/v1/console/sites/{site}/chats/{id}/history`: the visitor's earlier chats and
/// tickets on the site, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VisitorHistory {
    pub chats: Vec<PastChat>,
    pub tickets: Vec<PastTicket>,
}

/// What the host page says of its visitor: `Kefu.identify({ id, name, email, signature })`,
/// `signature` being the hex HMAC-SHA256 of `id` under the site's identity secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub signature: String,
}

/// Frames a visitor's widget sends. The first must be `hello`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum VisitorFrame {
    /// The protocol version, the visitor's token (never in the URL), and the last `seq` seen.
    Hello {
        v: u32,
        token: String,
        /// The conversation `after` counts in (none: send the current one from the start).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation: Option<String>,
        #[serde(default)]
        after: u64,
        /// A signed-in user of the host site (verified by its signature).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        identity: Option<Identity>,
    },
    /// Start (or get) the visitor's open conversation.
    Start(StartChat),
    Send {
        id: String,
        text: String,
    },
    Typing {
        on: bool,
    },
    Read {
        seq: u64,
    },
    Ping,
}

/// Frames the console sends (signed in by its session cookie; the first must be `hello`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentFrame {
    Hello {
        v: u32,
    },
    /// Send this conversation's messages after `after`, then each new one.
    Watch {
        conversation: String,
        #[serde(default)]
        after: u64,
    },
    Send {
        conversation: String,
        id: String,
        text: String,
    },
    Typing {
        conversation: String,
        on: bool,
    },
    Read {
        conversation: String,
        seq: u64,
    },
    /// Online (the default once connected) or away: decides what visitors are offered.
    Presence {
        online: bool,
    },
    Ping,
}

/// Frames the server sends to visitors and agents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    Welcome {
        v: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation: Option<Conversation>,
        agents_online: u32,
        promise_secs: u32,
    },
    Message(ChatMessage),
    Ack(ChatAck),
    Typing {
        conversation: String,
        author: ChatAuthor,
        on: bool,
    },
    Read {
        conversation: String,
        author: ChatAuthor,
        seq: u64,
    },
    /// The visitor's conversation changed (started, taken by an agent, closed).
    Conversation(Conversation),
    /// An inbox entry changed (agents only).
    Inbox(InboxItem),
    Availability {
        agents_online: u32,
    },
    /// Too much was missed: read the conversation over REST, then reconnect.
    Resync {
        conversation: String,
    },
    Error {
        code: String,
        message: String,
        /// The message the error is about.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    },
    Pong,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_tagged_json() {
        let f: VisitorFrame =
            serde_json::from_str(r#"{"type":"hello","v":1,"token":"ab","after":3}"#).unwrap();
        assert_eq!(
            f,
            VisitorFrame::Hello {
                v: 1,
                token: "ab".into(),
                conversation: None,
                after: 3,
                identity: None,
            }
        );
        assert!(
            serde_json::from_str::<VisitorFrame>(r#"{"type":"typing","on":true,"x":1}"#).is_err()
        );
        assert!(serde_json::from_str::<VisitorFrame>(r#"{"type":"nope"}"#).is_err());
        let start: VisitorFrame =
            serde_json::from_str(r#"{"type":"start","locale":"en","name":"Ada"}"#).unwrap();
        assert!(
            matches!(start, VisitorFrame::Start(StartChat { ref name, .. }) if name.as_deref() == Some("Ada"))
        );
        assert!(
            serde_json::from_str::<VisitorFrame>(r#"{"type":"start","locale":"en","x":1}"#)
                .is_err()
        );
        let m = ServerFrame::Message(ChatMessage {
            conversation: "c1".into(),
            seq: 7,
            id: "m1".into(),
            author: ChatAuthor::Agent,
            agent: Some(AgentCard {
                name: Some("Li".into()),
                avatar: None,
            }),
            text: "<b>hi</b>".into(),
            image: None,
            at: 5,
        });
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["type"], "message");
        assert_eq!(json["seq"], 7);
        assert_eq!(json["agent"]["name"], "Li");
        assert_eq!(serde_json::from_value::<ServerFrame>(json).unwrap(), m);
    }
}

/// `POST /api/v1/sites/{site}/chat/rating`: the visitor rates a conversation that has ended
/// (R14); rating again replaces the earlier rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatRating {
    pub conversation: String,
    /// 1 (very dissatisfied) … 5 (very satisfied).
    pub score: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `POST /api/v1/sites/{site}/chat/transcript`: e-mail the conversation to the visitor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatTranscriptRequest {
    pub conversation: String,
    pub email: String,
}

/// First responses of a group of conversations (all, one agent's, one hour's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatGroupStats {
    /// The agent's name or the hour (`09:00`, in the site's time zone); empty for all.
    pub label: String,
    /// Conversations in which the visitor wrote.
    pub conversations: u64,
    pub answered: u64,
    /// Answered within the chat's promise.
    pub within_promise: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_p50_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_p90_ms: Option<i64>,
}

/// `GET /api/v1/console/sites/{site}/chats/report?days=30`: chats started in the period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatReport {
    pub days: u32,
    pub promise_secs: u32,
    /// Conversations started (including those where the visitor never wrote).
    pub started: u64,
    pub total: ChatGroupStats,
    pub by_agent: Vec<ChatGroupStats>,
    pub by_hour: Vec<ChatGroupStats>,
    pub ratings: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_average: Option<f64>,
    /// How many rated 1, 2, 3, 4 and 5.
    pub csat_counts: [u64; 5],
}
