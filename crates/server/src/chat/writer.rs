//! Group commit: chat messages from every connection go through one writer task, which stores
//! whatever has queued up in one transaction (one fsync for the lot), then publishes the
//! stored messages in `seq` order and answers each sender. A message is acknowledged only
//! after its transaction committed.

use super::hub::{Event, Hub};
use crate::store::{Appended, NewChatMessage, Store};
use kefu_api::ServerFrame;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Messages stored in one transaction at most.
const BATCH: usize = 512;
/// Messages waiting for the writer at most; senders wait beyond that (backpressure).
const QUEUE: usize = 4096;

/// Where a message goes once stored: its site and visitor (for the hub).
pub struct Job {
    pub site: String,
    pub visitor: String,
    pub message: NewChatMessage,
    done: oneshot::Sender<anyhow::Result<Appended>>,
}

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task (it ends when every `Writer` is dropped).
    pub fn spawn(store: Arc<dyn Store>, hub: Hub) -> Writer {
        let (tx, mut rx) = mpsc::channel::<Job>(QUEUE);
        tokio::spawn(async move {
            let mut jobs: Vec<Job> = Vec::with_capacity(BATCH);
            while rx.recv_many(&mut jobs, BATCH).await > 0 {
                let batch: Vec<NewChatMessage> = jobs.iter().map(|j| j.message.clone()).collect();
                match store.append_chat_messages(&batch).await {
                    Ok(results) => {
                        for (job, result) in jobs.drain(..).zip(results) {
                            if let Appended::Stored(m) = &result {
                                let ev = Event::new(
                                    &m.conversation,
                                    m.seq,
                                    Some(m.author),
                                    &ServerFrame::Message(m.clone()),
                                );
                                hub.publish(&job.site, &job.visitor, ev);
                            }
                            let _ = job.done.send(Ok(result));
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = ?e, messages = jobs.len(), "storing chat messages failed");
                        for job in jobs.drain(..) {
                            let _ = job
                                .done
                                .send(Err(anyhow::anyhow!("the message could not be stored")));
                        }
                    }
                }
            }
        });
        Writer { tx }
    }

    /// Stores `message` (with the next ones queued) and publishes it; resolves once committed.
    pub async fn append(
        &self,
        site: &str,
        visitor: &str,
        message: NewChatMessage,
    ) -> anyhow::Result<Appended> {
        let (done, answer) = oneshot::channel();
        self.tx
            .send(Job {
                site: site.to_owned(),
                visitor: visitor.to_owned(),
                message,
                done,
            })
            .await
            .map_err(|_| anyhow::anyhow!("the chat writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the chat writer has stopped"))?
    }
}
