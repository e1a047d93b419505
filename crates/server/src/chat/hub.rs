//! Fan-out of chat events to live connections, in memory.
//!
//! Each visitor (per site) and each site's team has a bounded broadcast channel. An event is
//! serialized once and shared. A connection that falls more than [`VISITOR_QUEUE`] (or
//! [`TEAM_QUEUE`]) events behind is not waited for: its receiver reports `Lagged`, the
//! connection closes, and the client resumes from the last `seq` it saw, so one slow client
//! never slows the others.
//!
//! The hub also counts the agents online per site (R3: their presence decides whether the
//! widget offers chat or "leave a message").

use kefu_api::ServerFrame;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Events a visitor's connection may fall behind before it is closed. Small: every visitor
/// has a channel, and its slots are allocated up front (about 40 bytes each).
pub const VISITOR_QUEUE: usize = 32;
/// The same for the team's connections, which carry every conversation of a site.
pub const TEAM_QUEUE: usize = 4096;

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A stored message (its `seq` is set).
    Message,
    /// A conversation started, was taken or closed.
    Conversation,
    /// Typing, read marks, inbox entries, availability.
    Other,
}

/// One event: which conversation, its `seq` for messages (0 otherwise), who caused it (so
/// typing is not echoed), and the frame as JSON.
#[derive(Debug)]
pub struct Event {
    pub conversation: String,
    pub seq: u64,
    pub from: Option<kefu_api::ChatAuthor>,
    pub kind: Kind,
    pub json: Arc<str>,
}

impl Event {
    pub fn new(
        conversation: &str,
        seq: u64,
        from: Option<kefu_api::ChatAuthor>,
        frame: &ServerFrame,
    ) -> Arc<Event> {
        let kind = match frame {
            ServerFrame::Message(_) => Kind::Message,
            ServerFrame::Conversation(_) => Kind::Conversation,
            _ => Kind::Other,
        };
        Arc::new(Event {
            conversation: conversation.to_owned(),
            seq,
            from,
            kind,
            json: serde_json::to_string(frame)
                .unwrap_or_else(|_| "{}".into())
                .into(),
        })
    }
}

pub type Receiver = broadcast::Receiver<Arc<Event>>;

/// A visitor connection's (or long poll's) receiver; when the last one of a visitor goes, so
/// does their channel, so the hub holds nothing for visitors who left.
pub struct Listener {
    rx: Receiver,
    hub: Hub,
    key: String,
}

impl std::ops::Deref for Listener {
    type Target = Receiver;
    fn deref(&self) -> &Receiver {
        &self.rx
    }
}

impl std::ops::DerefMut for Listener {
    fn deref_mut(&mut self) -> &mut Receiver {
        &mut self.rx
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let mut inner = self.hub.lock();
        // This listener's own receiver still counts here.
        if inner
            .visitors
            .get(&self.key)
            .is_some_and(|tx| tx.receiver_count() <= 1)
        {
            inner.visitors.remove(&self.key);
        }
    }
}

#[derive(Default)]
struct Inner {
    /// Key: `site \0 visitor_hash`.
    visitors: HashMap<String, broadcast::Sender<Arc<Event>>>,
    /// Key: site id.
    teams: HashMap<String, broadcast::Sender<Arc<Event>>>,
    /// Agents online per site: connection id → (account id, online).
    presence: HashMap<String, HashMap<u64, (String, bool)>>,
}

#[derive(Clone, Default)]
pub struct Hub {
    inner: Arc<Mutex<Inner>>,
}

fn visitor_key(site: &str, visitor: &str) -> String {
    format!("{site}\0{visitor}")
}

fn subscribe(
    map: &mut HashMap<String, broadcast::Sender<Arc<Event>>>,
    key: String,
    capacity: usize,
) -> Receiver {
    map.entry(key)
        .or_insert_with(|| broadcast::channel(capacity).0)
        .subscribe()
}

fn send(map: &mut HashMap<String, broadcast::Sender<Arc<Event>>>, key: &str, ev: &Arc<Event>) {
    if let Some(tx) = map.get(key) {
        if tx.send(ev.clone()).is_err() {
            // Nobody listens any more.
            map.remove(key);
        }
    }
}

impl Hub {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Events of one visitor's conversations.
    pub fn visitor(&self, site: &str, visitor: &str) -> Listener {
        let key = visitor_key(site, visitor);
        let rx = subscribe(&mut self.lock().visitors, key.clone(), VISITOR_QUEUE);
        Listener {
            rx,
            hub: self.clone(),
            key,
        }
    }

    /// Events of all conversations of a site (the team's view).
    pub fn team(&self, site: &str) -> Receiver {
        subscribe(&mut self.lock().teams, site.to_owned(), TEAM_QUEUE)
    }

    /// To the visitor's connections and the site's team.
    pub fn publish(&self, site: &str, visitor: &str, ev: Arc<Event>) {
        let mut inner = self.lock();
        send(&mut inner.visitors, &visitor_key(site, visitor), &ev);
        send(&mut inner.teams, site, &ev);
    }

    /// To the site's team only (e.g. a colleague's typing or read mark).
    pub fn publish_team(&self, site: &str, ev: Arc<Event>) {
        send(&mut self.lock().teams, site, &ev);
    }

    /// To the visitor's connections only.
    pub fn publish_visitor(&self, site: &str, visitor: &str, ev: Arc<Event>) {
        send(&mut self.lock().visitors, &visitor_key(site, visitor), &ev);
    }

    /// To every visitor of a site who is connected (e.g. agents came online).
    pub fn publish_visitors(&self, site: &str, ev: Arc<Event>) {
        let prefix = format!("{site}\0");
        let mut inner = self.lock();
        let keys: Vec<String> = inner
            .visitors
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        for k in keys {
            send(&mut inner.visitors, &k, &ev);
        }
    }

    /// Live connections of one visitor.
    pub fn visitor_connections(&self, site: &str, visitor: &str) -> usize {
        self.lock()
            .visitors
            .get(&visitor_key(site, visitor))
            .map_or(0, |tx| tx.receiver_count())
    }

    /// Agents online on a site.
    pub fn agents_online(&self, site: &str) -> u32 {
        self.lock()
            .presence
            .get(site)
            .map_or(0, |m| m.values().filter(|(_, on)| *on).count() as u32)
    }

    /// The accounts online (connected and not away) on a site.
    pub fn online_accounts(&self, site: &str) -> Vec<String> {
        let inner = self.lock();
        let mut out: Vec<String> = inner
            .presence
            .get(site)
            .map(|m| {
                m.values()
                    .filter(|(_, on)| *on)
                    .map(|(a, _)| a.clone())
                    .collect()
            })
            .unwrap_or_default();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Records an agent connection's presence on `sites` (`None`: gone); returns the sites
    /// whose number of agents online changed, with the new number.
    pub fn set_presence(
        &self,
        conn: u64,
        account: &str,
        sites: &[String],
        online: Option<bool>,
    ) -> Vec<(String, u32)> {
        let mut inner = self.lock();
        let mut changed = vec![];
        for site in sites {
            let map = inner.presence.entry(site.clone()).or_default();
            let before = map.values().filter(|(_, on)| *on).count();
            match online {
                Some(on) => {
                    map.insert(conn, (account.to_owned(), on));
                }
                None => {
                    map.remove(&conn);
                }
            }
            let after = map.values().filter(|(_, on)| *on).count();
            if map.is_empty() {
                inner.presence.remove(site);
            }
            if before != after {
                changed.push((site.clone(), after as u32));
            }
        }
        changed
    }

    /// Connections listening, for tests and metrics: (visitor channels, team channels).
    pub fn channels(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.visitors.len(), inner.teams.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitors_channel_goes_with_their_last_listener() {
        let hub = Hub::default();
        let a = hub.visitor("demo", "v1");
        let b = hub.visitor("demo", "v1");
        assert_eq!(
            (hub.channels().0, hub.visitor_connections("demo", "v1")),
            (1, 2)
        );
        drop(a);
        assert_eq!(hub.channels().0, 1);
        drop(b);
        assert_eq!(hub.channels().0, 0);
    }
}
