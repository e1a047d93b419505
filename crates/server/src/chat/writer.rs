//! Group commit: chat messages from every connection are queued for the store's writer
//! thread, which stores whatever has queued up in one transaction (one fsync for the lot).
//! The thread itself publishes each stored message and answers its sender, so a message takes
//! no more hops than it must: the connection's task, the writer thread, and back (with the
//! fan-out to the listeners). A message is acknowledged only after its transaction committed.

use super::hub::{Event, Hub};
use crate::store::{Appended, NewChatMessage, Store};
use kefu_api::ServerFrame;
use std::sync::Arc;
use tokio::sync::oneshot;

#[derive(Clone)]
pub struct Writer {
    store: Arc<dyn Store>,
    hub: Hub,
}

impl Writer {
    pub fn new(store: Arc<dyn Store>, hub: Hub) -> Writer {
        Writer { store, hub }
    }

    /// Stores `message` (with the others queued) and publishes it; resolves once committed.
    pub async fn append(
        &self,
        site: &str,
        visitor: &str,
        message: NewChatMessage,
    ) -> anyhow::Result<Appended> {
        let (tx, answer) = oneshot::channel();
        let hub = self.hub.clone();
        let (site, visitor) = (site.to_owned(), visitor.to_owned());
        let done = Box::new(move |result: anyhow::Result<Appended>| {
            // Published before the sender hears of it, in `seq` order (the thread stores and
            // answers one message after another).
            if let Ok(Appended::Stored(m)) = &result {
                let ev = Event::new(
                    &m.conversation,
                    m.seq,
                    Some(m.author),
                    &ServerFrame::Message(m.clone()),
                );
                hub.publish(&site, &visitor, ev);
            }
            let _ = tx.send(result);
        });
        self.store.queue_chat_message(message, done).await?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the chat writer has stopped"))?
    }
}
