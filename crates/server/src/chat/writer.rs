//! Group commit: chat messages from every connection go through one writer task, which stores
//! whatever has queued up in one transaction (one fsync for the lot); a second task publishes
//! the stored messages in `seq` order and answers each sender while the next batch is being
//! stored. A message is acknowledged only after its transaction committed.

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
    /// Starts the writer (it ends when every `Writer` is dropped): one task stores batches,
    /// another publishes each stored batch and answers its senders, so the database starts
    /// on the next batch while the last one is being announced (a pipeline of two stages;
    /// batches stay in order, so every conversation's events do).
    pub fn spawn(store: Arc<dyn Store>, hub: Hub) -> Writer {
        let (tx, mut rx) = mpsc::channel::<Job>(QUEUE);
        type Stored = (Vec<Job>, anyhow::Result<Vec<Appended>>);
        let (stored_tx, mut stored_rx) = mpsc::channel::<Stored>(2);
        tokio::spawn(async move {
            let mut jobs: Vec<Job> = Vec::with_capacity(BATCH);
            while rx.recv_many(&mut jobs, BATCH).await > 0 {
                let batch: Vec<NewChatMessage> = jobs.iter().map(|j| j.message.clone()).collect();
                let result = store.append_chat_messages(&batch).await;
                let done = std::mem::replace(&mut jobs, Vec::with_capacity(BATCH));
                if stored_tx.send((done, result)).await.is_err() {
                    break;
                }
            }
        });
        tokio::spawn(async move {
            while let Some((jobs, result)) = stored_rx.recv().await {
                answer(&hub, jobs, result);
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

/// Publishes a stored batch in `seq` order, then answers each sender (or tells them all that
/// nothing was stored).
fn answer(hub: &Hub, jobs: Vec<Job>, result: anyhow::Result<Vec<Appended>>) {
    match result {
        Ok(results) => {
            for (job, result) in jobs.into_iter().zip(results) {
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
            for job in jobs {
                let _ = job
                    .done
                    .send(Err(anyhow::anyhow!("the message could not be stored")));
            }
        }
    }
}
